/** A key and its value as Graph stores them; values are always strings, masked ones are `"*"`. */
export interface SecretPair {
  /** The secret key name, for example `BaseAddress`. */
  key: string;
  /** The value; `"*"` when Graph masks it. */
  value: string;
}

/** One page of a secrets listing. */
export interface SecretsPage {
  /** The pairs on this page. */
  pairs: SecretPair[];
  /** The absolute link to the next page, if any. */
  nextLink?: string;
}

/**
 * Reads one page of `GET .../synchronization/secrets`: `{"value":[{"key","value"}...],"@odata.nextLink"?}`.
 * Returns a description of the problem instead of a page when the body is not of that shape; that description
 * never quotes the body.
 *
 * @param body - the raw response body
 */
export function parseSecretsPage(body: string): SecretsPage | { problem: string } {
  if (body.trim() === "") {
    return { problem: "the response body is empty" };
  }
  let document: unknown;
  try {
    document = JSON.parse(body) as unknown;
  } catch {
    return { problem: "the response body is not JSON" };
  }
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    return { problem: "the response body is not a JSON object" };
  }
  const { value, "@odata.nextLink": nextLink } = document as Record<string, unknown>;
  if (!Array.isArray(value)) {
    return { problem: "the response body has no \"value\" array" };
  }
  const pairs: SecretPair[] = [];
  for (const item of value) {
    const pair = readPair(item);
    if (pair === undefined) {
      return { problem: "an entry of the \"value\" array is not a {key, value} pair" };
    }
    pairs.push(pair);
  }
  if (nextLink !== undefined && typeof nextLink !== "string") {
    return { problem: "\"@odata.nextLink\" is not a string" };
  }
  return nextLink === undefined ? { pairs } : { pairs, nextLink };
}

function readPair(item: unknown): SecretPair | undefined {
  if (typeof item !== "object" || item === null) {
    return undefined;
  }
  const { key, value } = item as Record<string, unknown>;
  if (typeof key !== "string") {
    return undefined;
  }
  // A key Graph lists without a value is stored empty; other non-string values are kept as their JSON text.
  if (value === null || value === undefined) {
    return { key, value: "" };
  }
  return { key, value: typeof value === "string" ? value : JSON.stringify(value) };
}
