/** Wraps DER bytes as PEM with the given label, 64 characters a line as RFC 7468 asks. */
export function toPem(der: ArrayBuffer | Uint8Array, label: string): string {
  const base64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString("base64");
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** The DER bytes of the first PEM block with the given label, or undefined when there is none. */
export function fromPem(pem: string, label: string): Buffer | undefined {
  const match = new RegExp(`-----BEGIN ${label}-----([\\s\\S]+?)-----END ${label}-----`).exec(pem);
  return match?.[1] === undefined ? undefined : Buffer.from(match[1].replace(/\s+/g, ""), "base64");
}
