/**
 * Response headers that may appear in debug output. Everything else is left out, because a header not on this list
 * could carry a credential (`set-cookie`, `www-authenticate` challenges, anything a proxy adds).
 */
export const LOGGED_RESPONSE_HEADERS: readonly string[] = [
  "retry-after",
  "date",
  "x-ms-ags-diagnostic",
  "x-ms-resource-unit",
  "x-ms-throttle-information",
  "x-ms-throttle-limit-percentage",
  "x-ms-throttle-scope",
];

// A header value is shown whole only when it is short and printable; anything else is cut, so a hostile or broken
// server cannot forge extra log lines or flood the log.
const MAX_LOGGED_HEADER_LENGTH = 200;

/**
 * Picks the allow-listed headers out of a response's headers, in the order of {@link LOGGED_RESPONSE_HEADERS}, as
 * `name=value` pairs with control characters removed and long values cut.
 *
 * @param headers - response headers with lower-case names
 */
export function pickLoggedHeaders(headers: Readonly<Record<string, string>>): string[] {
  const picked: string[] = [];
  for (const name of LOGGED_RESPONSE_HEADERS) {
    const value = headers[name];
    if (value !== undefined) {
      picked.push(`${name}=${printable(value)}`);
    }
  }
  return picked;
}

function printable(value: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, " ").trim();
  return clean.length > MAX_LOGGED_HEADER_LENGTH ? `${clean.slice(0, MAX_LOGGED_HEADER_LENGTH)}...` : clean;
}
