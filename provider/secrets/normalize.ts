import { isJsonValuedKey, isSecretKeyName } from "./keys";
import { SecretsInputError } from "./secretsInputError";
import type { CredentialEntry, CredentialsInput, DeclaredSecrets, SecretInputValue } from "./types";
import { containsUnknown, UNKNOWN_VALUE } from "./unknown";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Graph paths are case-insensitive, so "/serviceprincipals/{id}" names the same principal.
const SERVICE_PRINCIPAL_PATH = /^\/servicePrincipals\/([^/]*)$/i;
const SECRETS_RESOURCE_ID = /^\/servicePrincipals\/([^/]*)\/synchronization\/secrets$/i;
const BOOLEAN_WORD = /^(?:true|false)$/i;

/**
 * The service principal's object id as a lowercase GUID, from either the bare GUID or the
 * `/servicePrincipals/{guid}` form that `@pulumi/azuread` ids use; `undefined` when `raw` is neither.
 */
export function normalizeServicePrincipalId(raw: string): string | undefined {
  if (typeof raw !== "string") {
    return undefined;
  }
  const candidate = SERVICE_PRINCIPAL_PATH.exec(raw)?.[1] ?? raw;
  return GUID.test(candidate) ? candidate.toLowerCase() : undefined;
}

/**
 * The resource id of a service principal's secrets: `/servicePrincipals/{guid}/synchronization/secrets`.
 *
 * @throws SecretsInputError when `servicePrincipalGuid` is not a service principal id
 */
export function secretsResourceId(servicePrincipalGuid: string): string {
  const guid = normalizeServicePrincipalId(servicePrincipalGuid);
  if (guid === undefined) {
    throw new SecretsInputError("servicePrincipalId", "is not a service principal object id");
  }
  return `/servicePrincipals/${guid}/synchronization/secrets`;
}

/** The lowercase service principal GUID inside a resource id made by {@link secretsResourceId}, if it is one. */
export function parseSecretsResourceId(resourceId: string): string | undefined {
  if (typeof resourceId !== "string") {
    return undefined;
  }
  const candidate = SECRETS_RESOURCE_ID.exec(resourceId)?.[1];
  return candidate !== undefined && GUID.test(candidate) ? candidate.toLowerCase() : undefined;
}

/**
 * JSON text with object keys sorted (by UTF-16 code units) at every depth and no whitespace, so two values that
 * differ only in key order or formatting serialize identically. Otherwise it follows `JSON.stringify`:
 * `undefined` and functions are left out of objects and become `null` in arrays, non-finite numbers become
 * `null`. Meant for plain JSON data; `toJSON` methods are not called.
 *
 * @throws SecretsInputError for a cycle, a `bigint`, or a value with no JSON form at the top level
 */
export function canonicalJson(value: unknown): string {
  const text = writeCanonical(value, new Set());
  if (text === undefined) {
    throw new SecretsInputError("value", "has no JSON form");
  }
  return text;
}

function writeCanonical(value: unknown, ancestors: Set<object>): string | undefined {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      throw new SecretsInputError("value", "holds a bigint, which JSON cannot represent");
    case "object":
      break;
    default:
      return undefined;
  }
  if (value === null) {
    return "null";
  }
  if (ancestors.has(value)) {
    throw new SecretsInputError("value", "contains a cycle, which JSON cannot represent");
  }
  ancestors.add(value);
  let text: string;
  if (Array.isArray(value)) {
    text = `[${value.map((item: unknown) => writeCanonical(item, ancestors) ?? "null").join(",")}]`;
  } else {
    const members: string[] = [];
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record).sort()) {
      const member = writeCanonical(record[key], ancestors);
      if (member !== undefined) {
        members.push(`${JSON.stringify(key)}:${member}`);
      }
    }
    text = `{${members.join(",")}}`;
  }
  ancestors.delete(value);
  return text;
}

/**
 * The string Graph stores for `value` under `key`: numbers and booleans in their string form, plain strings as
 * given, and for JSON-valued keys canonical JSON (from an object, or from a string holding a JSON object).
 * A value holding the unknown marker anywhere stays {@link UNKNOWN_VALUE}.
 *
 * @throws SecretsInputError for a value `checkInputs` rejects
 */
export function toWireValue(key: string, value: SecretInputValue): string {
  const property = `credentials.${key}`;
  if (containsUnknown(value)) {
    return UNKNOWN_VALUE;
  }
  if (isJsonValuedKey(key)) {
    const parsed: unknown = typeof value === "string" ? parseJsonOrUndefined(value) : value;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new SecretsInputError(property, "must be a JSON object, or a string holding one");
    }
    return canonicalJson(parsed);
  }
  switch (typeof value) {
    case "string":
      return value;
    case "number":
      if (!Number.isFinite(value)) {
        throw new SecretsInputError(property, "must be a finite number");
      }
      return String(value);
    case "boolean":
      return value ? "true" : "false";
    default:
      throw new SecretsInputError(property, "must be a string, number or boolean");
  }
}

/**
 * The declared secrets in canonical form: one entry per key, wire strings (see {@link toWireValue}), keys
 * sorted. Accepts the map and the list form. Values holding the unknown marker become {@link UNKNOWN_VALUE}.
 *
 * @throws SecretsInputError for an undocumented key name, a key declared twice (names compared
 *   case-insensitively) or a value `checkInputs` rejects
 */
export function normalizeCredentials(input: CredentialsInput): DeclaredSecrets {
  const entries: Array<readonly [string, SecretInputValue]> = isCredentialList(input)
    ? input.map((entry, index) => {
        if (typeof entry !== "object" || entry === null || typeof entry.key !== "string") {
          throw new SecretsInputError(`credentials[${index}]`, "must be an object with a string key and a value");
        }
        return [entry.key, entry.value] as const;
      })
    : Object.entries(input);
  const seen = new Set<string>();
  const wire: Array<[string, string]> = [];
  for (const [key, value] of entries) {
    if (!isSecretKeyName(key)) {
      throw new SecretsInputError("credentials", "declares a key that is not a documented secret key name");
    }
    if (seen.has(key.toLowerCase())) {
      throw new SecretsInputError(`credentials.${key}`, "is declared more than once");
    }
    seen.add(key.toLowerCase());
    wire.push([key, toWireValue(key, value)]);
  }
  return sortedSecrets(wire);
}

/** Whether `input` is the azuread-style list form rather than the map form. */
export function isCredentialList(input: CredentialsInput): input is ReadonlyArray<CredentialEntry> {
  return Array.isArray(input);
}

/**
 * Whether two wire values of `key` mean the same to Graph: equal strings; for JSON-valued keys, equal canonical
 * JSON; for plain keys, also the same boolean word in another letter case. Microsoft's docs write both `"false"`
 * (the PUT example) and `"True"` (the SyncAll description), so if the service echoed a boolean in its own case,
 * a refresh must not read that as drift, or every plan would rewrite it.
 */
export function sameWireValue(key: string, a: string, b: string): boolean {
  if (a === b) {
    return true;
  }
  if (isJsonValuedKey(key)) {
    const left = canonicalJsonText(a);
    return left !== undefined && left === canonicalJsonText(b);
  }
  return BOOLEAN_WORD.test(a) && a.toLowerCase() === b.toLowerCase();
}

/** `text` re-serialized canonically, or `undefined` when it is not JSON (or nests too deep to walk). */
export function canonicalJsonText(text: string): string | undefined {
  const parsed = parseJsonOrUndefined(text);
  if (parsed === undefined) {
    return undefined;
  }
  try {
    return canonicalJson(parsed);
  } catch {
    return undefined;
  }
}

/** A map built from entries, keys sorted; `Object.fromEntries` defines own properties, so no key touches a prototype. */
export function sortedSecrets(entries: Iterable<readonly [string, string]>): DeclaredSecrets {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

// JSON.parse errors quote the input, so they are swallowed here rather than passed on as a cause.
function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
