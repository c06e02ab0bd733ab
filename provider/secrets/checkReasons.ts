import { JSON_VALUED_KEYS } from "./keys";
import type { SecretKeyName } from "./types";

/** The deepest nesting accepted inside a JSON-valued key; Graph's settings objects are one or two levels deep. */
export const MAX_JSON_DEPTH = 32;

const JSON_KEY_LIST = JSON_VALUED_KEYS.join(", ");

/**
 * Every reason `checkInputs` gives, in one place so none can quote a value: reasons are fixed text, catalogue
 * names and property names, never anything taken from the input's values.
 */
export const CheckReasons = {
  inputsNotObject: "the resource inputs must be an object",
  uninspectable: "could not be inspected (a getter or proxy threw); pass plain data",
  unknownProperty: "is not a property of SynchronizationSecrets; expected servicePrincipalId, credentials and apiVersion",
  servicePrincipalIdRequired: "is required: the service principal's object id",
  servicePrincipalIdNotString: "must be a string: the service principal's object id",
  servicePrincipalIdMalformed:
    "must be the service principal's object id, a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx) or /servicePrincipals/{guid}",
  apiVersionInvalid: 'must be "v1.0" or "beta"',
  credentialsRequired: "is required: declare at least one secret key",
  credentialsNotCollection: "must be a map of secret key to value, or a list of { key, value } objects",
  credentialsEmpty: "must declare at least one secret key; to stop managing all keys, delete the resource",
  entryNotObject: "must be an object with key and value",
  entryUnknownProperty: "is not a property of a credentials entry; expected key and value",
  keyRequired: "is required: the secret key name",
  keyNotString: "must be a string: the secret key name",
  unknownKey: (suggestion: SecretKeyName | undefined): string =>
    suggestion === undefined
      ? "is not a documented secret key name (names are case-sensitive)"
      : `is not a documented secret key name (names are case-sensitive); did you mean "${suggestion}"?`,
  duplicateKey: (firstProperty: string): string =>
    `declares the same key as ${firstProperty} (names are compared case-insensitively)`,
  valueRequired: "is required: the secret's value (to stop managing the key, remove it from credentials)",
  plainValueType: `must be a string, a finite number or a boolean; only ${JSON_KEY_LIST} take a JSON object`,
  plainValueEmpty:
    "must not be empty: Graph treats an empty value as removing the key, so every preview would show a change; " +
    "remove the key from credentials instead",
  nonFiniteNumber: "must be a finite number",
  baseAddressNotHttps: "must be an absolute https URL (https://host/path), without spaces",
  jsonValueType: "must be a JSON object, or a string holding one",
  jsonValueEmpty:
    "must be a JSON object, or a string holding one; to stop managing the key, remove it from credentials",
  jsonTextInvalid: "must be a JSON object, or a string holding one: the string is not valid JSON",
  jsonTextNotObject: "must be a JSON object, or a string holding one: the JSON is not an object",
  jsonValueNotData:
    "must hold plain JSON data only: no undefined, functions, symbols, bigints, non-finite numbers or class instances",
  jsonValueCyclic: "must not refer to itself: JSON cannot represent a cycle",
  jsonValueTooDeep: `must not nest deeper than ${MAX_JSON_DEPTH} levels`,
} as const;
