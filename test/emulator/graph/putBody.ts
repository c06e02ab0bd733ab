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

/**
 * Parses and validates a PUT body: it must be `{"value":[{"key","value"}...]}` with documented key names
 * (case-sensitive) and string values. Throws GraphRejection (400) otherwise; messages never repeat a value.
 */
export function parsePutBody(text: string): SecretPair[] {
  if (text.trim() === "") throw badRequest("Empty Payload. JSON content expected.");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest(
      "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON " +
        "format.",
    );
  }
  const isObject = body !== null && typeof body === "object" && !Array.isArray(body);
  const items = isObject ? (body as Record<string, unknown>)["value"] : undefined;
  // A bare array (or an object without a `value` array) deserializes to nothing: what older SDK builders got.
  if (!Array.isArray(items)) throw badRequest("Empty Payload. JSON content expected.");
  return items.map((item: unknown) => {
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      throw badRequest("Each item of 'value' must be an object with 'key' and 'value'.");
    }
    const { key, value } = item as Record<string, unknown>;
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

/** True when the text parses as a JSON object (what a JSON-valued key must hold). */
export function isJsonObject(value: string): boolean {
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed);
  } catch {
    return false;
  }
}
