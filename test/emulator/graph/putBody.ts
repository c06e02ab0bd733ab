import { SECRET_KEY_NAMES } from "../directory/secretCatalogue";
import { GraphRejection } from "./graphRejection";

const KNOWN_KEYS = new Set(SECRET_KEY_NAMES);

/** One pair of a PUT body, validated. */
export interface SecretPair {
  readonly key: string;
  readonly value: string;
}

function badRequest(message: string): GraphRejection {
  return new GraphRejection(400, "BadRequest", message);
}

/** Parses a JSON request body, or throws Graph's 400 for one that is empty or malformed. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") throw badRequest("Empty Payload. JSON content expected.");
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest(
      "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON " +
        "format.",
    );
  }
}

/** True for a JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Validates a `synchronizationSecretKeyStringValuePair` collection: objects with a documented key name
 * (case-sensitive) and a string value. Throws GraphRejection (400) otherwise; messages never repeat a value.
 */
export function parseSecretPairs(items: readonly unknown[]): SecretPair[] {
  return items.map((item: unknown) => {
    if (!isPlainObject(item)) throw badRequest("Each item of 'value' must be an object with 'key' and 'value'.");
    const { key, value } = item;
    if (typeof key !== "string" || !KNOWN_KEYS.has(key)) {
      const literal = typeof key === "string" ? key : JSON.stringify(key);
      throw badRequest(
        `Cannot convert the literal '${literal}' to the expected type 'microsoft.graph.synchronizationSecret'.`,
      );
    }
    if (typeof value !== "string") {
      throw badRequest(
        `Cannot convert a primitive value to the expected type 'Edm.String'. The value of '${key}' must be a string.`,
      );
    }
    return { key, value };
  });
}

/**
 * Parses and validates a PUT body: it must be `{"value":[{"key","value"}...]}` with documented key names
 * (case-sensitive) and string values. Throws GraphRejection (400) otherwise; messages never repeat a value.
 */
export function parsePutBody(text: string): SecretPair[] {
  const body = parseJsonBody(text);
  const items = isPlainObject(body) ? body["value"] : undefined;
  // A bare array (or an object without a `value` array) deserializes to nothing: what older SDK builders got.
  if (!Array.isArray(items)) throw badRequest("Empty Payload. JSON content expected.");
  return parseSecretPairs(items);
}

/**
 * The string pairs a request body carries (`value` of a PUT, `credentials` of validateCredentials), read leniently
 * and never throwing: what an error answer may echo, whatever else is wrong with the body.
 */
export function pairsCarriedBy(text: string): SecretPair[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [];
  }
  const items = isPlainObject(body) ? (body["value"] ?? body["credentials"]) : undefined;
  if (!Array.isArray(items)) return [];
  return items.flatMap((item: unknown) =>
    isPlainObject(item) && typeof item["key"] === "string" && typeof item["value"] === "string"
      ? [{ key: item["key"], value: item["value"] }]
      : [],
  );
}

/** True when the text parses as a JSON object (what a JSON-valued key must hold). */
export function isJsonObject(value: string): boolean {
  try {
    return isPlainObject(JSON.parse(value));
  } catch {
    return false;
  }
}
