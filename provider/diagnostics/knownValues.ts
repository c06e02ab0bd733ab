/** What replaces a known sensitive value found in text that is about to be shown. */
export const SCRUBBED = "[REDACTED]";

// Values shorter than this are not searched for: replacing every "0" or "true" in a message would make it unreadable,
// and a value that short is not a secret worth protecting.
const MIN_SCRUBBED_LENGTH = 4;

/**
 * Replaces every occurrence of the given values in a text, both verbatim and in their JSON-escaped form (a server
 * echoing a value inside a JSON string escapes it). Used on text that comes from a server before it is put into an
 * error message, with the values of the request being made and its bearer token.
 *
 * @param text - text received from a server
 * @param values - values that must not appear in the result
 */
export function scrubKnownValues(text: string, values: Iterable<string>): string {
  const needles = new Set<string>();
  for (const value of values) {
    if (value.length >= MIN_SCRUBBED_LENGTH) {
      needles.add(value);
      needles.add(JSON.stringify(value).slice(1, -1));
    }
  }
  // The longest first, so a value that contains another is replaced whole.
  let scrubbed = text;
  for (const needle of [...needles].sort((a, b) => b.length - a.length)) {
    scrubbed = scrubbed.split(needle).join(SCRUBBED);
  }
  return scrubbed;
}

// A JSON Web Token (three base64url parts, the first starting with the encoding of '{"'): whatever its origin, it is
// never shown.
const JWT_PATTERN = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;
const BEARER_PATTERN = /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi;

/**
 * Replaces anything that looks like a bearer token or a JSON Web Token. Defence in depth for server text: the
 * token actually sent is scrubbed by {@link scrubKnownValues}.
 *
 * @param text - text received from a server
 */
export function scrubTokenShapes(text: string): string {
  return text.replace(BEARER_PATTERN, `Bearer ${SCRUBBED}`).replace(JWT_PATTERN, SCRUBBED);
}
