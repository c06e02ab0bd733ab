/**
 * A minimal DER writer (ITU-T X.690) for the structures the test PFX files need: enough to build PKCS #12 by hand,
 * so the files the tests give the provider are written by code that shares nothing with the parser that reads them.
 */

/** One encoded DER element (tag, length, contents). */
export type Der = Buffer;

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** An element with the given identifier octet and contents. */
export function tlv(tag: number, contents: Uint8Array): Der {
  return Buffer.concat([Buffer.from([tag]), encodeLength(contents.length), contents]);
}

/** SEQUENCE of the given elements. */
export function sequence(...elements: readonly Der[]): Der {
  return tlv(0x30, Buffer.concat(elements));
}

/** SET of the given elements, sorted by their encoding as DER requires. */
export function set(...elements: readonly Der[]): Der {
  return tlv(0x31, Buffer.concat([...elements].sort(Buffer.compare)));
}

/** OCTET STRING. */
export function octetString(bytes: Uint8Array): Der {
  return tlv(0x04, bytes);
}

/** NULL. */
export function nullValue(): Der {
  return Buffer.from([0x05, 0x00]);
}

/** INTEGER of a non-negative safe integer, in the fewest octets, with a leading zero when the high bit is set. */
export function integer(value: number): Der {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`integer: ${value} is not a non-negative safe integer`);
  const bytes: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  if (bytes.length === 0 || (bytes[0] as number) >= 0x80) bytes.unshift(0);
  return tlv(0x02, Buffer.from(bytes));
}

/** OBJECT IDENTIFIER from its dotted form. */
export function objectIdentifier(dotted: string): Der {
  const arcs = dotted.split(".").map(Number);
  const [first, second, ...rest] = arcs as [number, number, ...number[]];
  const bytes: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    const base128: number[] = [arc % 128];
    for (let high = Math.floor(arc / 128); high > 0; high = Math.floor(high / 128)) base128.unshift(0x80 | (high % 128));
    bytes.push(...base128);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** BMPString (UTF-16 big-endian), the string type of PKCS #9 friendlyName. */
export function bmpString(text: string): Der {
  return tlv(0x1e, Buffer.from(text, "utf16le").swap16());
}

/** `[n] EXPLICIT`: a constructed context-specific tag wrapping one element. */
export function explicit(tagNumber: number, element: Der): Der {
  return tlv(0xa0 | tagNumber, element);
}

/** `[n] IMPLICIT OCTET STRING`: a primitive context-specific tag over raw octets. */
export function implicitOctets(tagNumber: number, bytes: Uint8Array): Der {
  return tlv(0x80 | tagNumber, bytes);
}
