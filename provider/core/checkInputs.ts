import { DEFAULTS } from "../defaults";
import type { GraphApiVersion } from "../types";
import { canonicalJson, findJsonDataProblem, isExactNumber, isPlainObject, MAX_JSON_DEPTH, type JsonDataProblem } from "./json";
import { isJsonValuedKey, isSecretKeyName, JSON_VALUED_KEYS, sortedSecrets, suggestSecretKey, type SecretKeyName } from "./keys";
import { isJobId, normalizeServicePrincipalId } from "./ids";
import type { CheckedState, CheckFailure, DeclaredSecrets } from "./state";
import { containsUnknown, isUnknown, UNKNOWN_VALUE, type UnknownValue } from "./unknown";

/** Every reason `checkInputs` gives, fixed text in one place, so none can quote a value. */
export const CheckReasons = {
  inputsNotObject: "the resource inputs must be an object",
  uninspectable: "could not be inspected (a getter or proxy threw); pass plain data",
  unknownProperty:
    "is not a property of SynchronizationSecrets; expected servicePrincipalId, credentials, apiVersion, allowUnknownKeys and validateWith",
  allowUnknownKeysInvalid: "must be true or false",
  unknownKeyMalformed: "is not a name Graph gives a secret key: letters and digits, starting with a letter",
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
  unknownKey: (suggestion: SecretKeyName | undefined, optIn = true): string =>
    `is not a documented secret key name (names are case-sensitive)${suggestion === undefined ? "" : `; did you mean "${suggestion}"?`}` +
    (optIn ? "; for a key Graph added after this release, set allowUnknownKeys: true" : ""),
  duplicateKey: (firstProperty: string): string => `declares the same key as ${firstProperty} (names are compared case-insensitively)`,
  valueRequired: "is required: the secret's value (to stop managing the key, remove it from credentials)",
  plainValueType: `must be a string, a finite number or a boolean; only ${JSON_VALUED_KEYS.join(", ")} take a JSON object`,
  plainValueEmpty:
    "must not be empty: Graph treats an empty value as removing the key, so every preview would show a change; " +
    "remove the key from credentials instead",
  nonFiniteNumber: "must be a finite number",
  inexactNumber: (key: string | undefined): string =>
    `is a number that would not be stored exactly${key === undefined ? "" : ` as ${key}`}: only safe integers (up to 2^53 - 1) ` +
    "and decimals of at most 15 significant digits keep every digit; pass it as a string",
  baseAddressCleartext:
    "must not be a cleartext http:// URL: the provisioning service would send the SecretToken to it unencrypted; use https://",
  baseAddressNotUrl:
    "is not an absolute https URL (https://host/path); it is written as given, because Graph takes other values too " +
    "(its documentation shows user@domain.com), but a SCIM endpoint's tenant URL is one",
  jsonValueType: "must be a JSON object, or a string holding one",
  jsonValueEmpty: "must be a JSON object, or a string holding one; to stop managing the key, remove it from credentials",
  jsonTextInvalid: "must be a JSON object, or a string holding one: the string is not valid JSON",
  jsonTextNotObject: "must be a JSON object, or a string holding one: the JSON is not an object",
  jsonValueNotData:
    "must hold plain JSON data only: no undefined, functions, symbols, bigints, non-finite numbers or class instances",
  jsonValueCyclic: "must not refer to itself: JSON cannot represent a cycle",
  jsonValueTooDeep: `must not nest deeper than ${MAX_JSON_DEPTH} levels`,
  jsonValueInexactNumber:
    "must hold only numbers that are stored exactly (safe integers, decimals of at most 15 significant digits); " +
    "pass the others as strings inside the JSON",
  validateWithInvalid:
    "must be a SynchronizationJob of the same service principal, or a synchronization job id ({templateId}.{hex}.{guid})",
  startsJobInvalid: "must be true or false (set from the SynchronizationJob given to validateWith)",
} as const;

/** The result of {@link checkInputs}. */
export interface CheckOutcome {
  /** Every problem found, in input order; empty when the inputs are valid. */ failures: CheckFailure[];
  /** What is accepted but probably not meant, in input order; absent when nothing is. Never quotes a value either. */
  warnings?: CheckFailure[];
  /** The normalized inputs, present exactly when there are no failures; unknowns stay the marker. */ state?: CheckedState;
}

const JSON_PROBLEMS: Readonly<Record<JsonDataProblem, string>> = {
  "not-data": CheckReasons.jsonValueNotData, cycle: CheckReasons.jsonValueCyclic, "too-deep": CheckReasons.jsonValueTooDeep,
  "inexact-number": CheckReasons.jsonValueInexactNumber,
};
// `startsJob` is set by the resource class from `validateWith`. `__provider` is the engine's serialized provider and `keys`
// our own output, found when checked state is checked again: neither is user input, so both are accepted and dropped.
const KNOWN_PROPERTIES: ReadonlySet<string> = new Set([
  "servicePrincipalId", "credentials", "apiVersion", "allowUnknownKeys", "validateWith", "startsJob", "__provider", "keys",
]);
const UNKNOWN_KEY_NAME = /^[A-Za-z][A-Za-z0-9]*$/;
const PROPERTY_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** One declared key and value, with the properties failures about them name. */
type DeclaredEntry = { key: string; value: unknown; keyProperty: string; valueProperty: string };

/**
 * Pulumi's `check`, the one place inputs are validated (previews too): never throws, never quotes a value, keeps unknowns
 * as the marker. Where the spec is silent: unknown properties are refused (`__provider` and our `keys` aside), a
 * JSON-valued key takes an object, and `null` for `apiVersion` means not given (so `defaultApiVersion`, the stack's).
 */
export function checkInputs(news: unknown, defaultApiVersion: GraphApiVersion = DEFAULTS.apiVersion): CheckOutcome {
  const checker = new InputChecker(defaultApiVersion);
  try {
    const state = checker.check(news);
    const warnings = checker.warnings.length > 0 ? { warnings: checker.warnings } : {};
    return state === undefined || checker.failures.length > 0 ? { failures: checker.failures, ...warnings } : { failures: [], state, ...warnings };
  } catch {
    // Only reachable through exotic objects (throwing getters, hostile proxies); say so without detail.
    return { failures: [{ property: "", reason: CheckReasons.uninspectable }] };
  }
}

/** One run of `checkInputs`: walks the inputs once, collecting failures, and builds the normalized state. */
class InputChecker {
  readonly failures: CheckFailure[] = [];
  private allowUnknownKeys = false;
  readonly warnings: CheckFailure[] = [];

  constructor(private readonly defaultApiVersion: GraphApiVersion) {}

  check(news: unknown): CheckedState | undefined {
    if (!isPlainObject(news)) return this.fail("", CheckReasons.inputsNotObject);
    for (const property of Object.keys(news)) {
      if (!KNOWN_PROPERTIES.has(property)) this.fail(propertyPath("", property), CheckReasons.unknownProperty);
    }
    const allow = ownValue(news, "allowUnknownKeys");
    if (allow !== undefined && allow !== null && typeof allow !== "boolean") this.fail("allowUnknownKeys", CheckReasons.allowUnknownKeysInvalid);
    this.allowUnknownKeys = allow === true;
    const servicePrincipalId = this.servicePrincipalId(ownValue(news, "servicePrincipalId"));
    const secrets = this.declaredSecrets(ownValue(news, "credentials"));
    const apiVersion = this.apiVersion(ownValue(news, "apiVersion"));
    const validation = this.validation(ownValue(news, "validateWith"), ownValue(news, "startsJob"));
    if (servicePrincipalId === undefined || secrets === undefined) return undefined;
    const keys = isUnknown(secrets) ? UNKNOWN_VALUE : Object.keys(secrets);
    const allowUnknownKeys = this.allowUnknownKeys ? { allowUnknownKeys: true as const } : {};
    return { servicePrincipalId, credentials: secrets, keys, apiVersion, ...allowUnknownKeys, ...validation };
  }

  private fail(property: string, reason: string): undefined {
    this.failures.push({ property, reason });
    return undefined;
  }

  private servicePrincipalId(value: unknown): string | undefined {
    const property = "servicePrincipalId";
    if (isUnknown(value)) return UNKNOWN_VALUE;
    if (value === undefined || value === null) return this.fail(property, CheckReasons.servicePrincipalIdRequired);
    if (typeof value !== "string") return this.fail(property, CheckReasons.servicePrincipalIdNotString);
    return normalizeServicePrincipalId(value) ?? this.fail(property, CheckReasons.servicePrincipalIdMalformed);
  }

  private apiVersion(value: unknown): GraphApiVersion | UnknownValue {
    if (isUnknown(value) || value === "v1.0" || value === "beta") return value;
    if (value !== undefined && value !== null) this.fail("apiVersion", CheckReasons.apiVersionInvalid);
    return this.defaultApiVersion;
  }

  /** The job Graph tests the credentials through, and whether it is started after the write; each absent when not given. */
  private validation(validateWith: unknown, startsJob: unknown): Pick<CheckedState, "validateWith" | "startsJob"> {
    const inputs: Pick<CheckedState, "validateWith" | "startsJob"> = {};
    if (isUnknown(validateWith) || (typeof validateWith === "string" && isJobId(validateWith))) inputs.validateWith = validateWith;
    else if (validateWith !== undefined && validateWith !== null) this.fail("validateWith", CheckReasons.validateWithInvalid);
    if (isUnknown(startsJob) || typeof startsJob === "boolean") inputs.startsJob = startsJob;
    else if (startsJob !== undefined && startsJob !== null) this.fail("startsJob", CheckReasons.startsJobInvalid);
    return inputs;
  }

  private declaredSecrets(value: unknown): DeclaredSecrets | UnknownValue | undefined {
    if (isUnknown(value)) return UNKNOWN_VALUE;
    if (value === undefined || value === null) return this.fail("credentials", CheckReasons.credentialsRequired);
    const list = Array.isArray(value) ? (value as unknown[]) : undefined;
    if (list === undefined && !isPlainObject(value)) return this.fail("credentials", CheckReasons.credentialsNotCollection);
    const names = list === undefined ? Object.keys(value as object) : [];
    const count = list?.length ?? names.length;
    if (count === 0) return this.fail("credentials", CheckReasons.credentialsEmpty);
    const declared = new Map<string, string>();
    const wire: Array<[string, string]> = [];
    let keySetKnown = true;
    for (let index = 0; index < count; index += 1) {
      const pair = list === undefined ? this.mapEntry(value as Record<string, unknown>, names[index] ?? "") : this.listEntry(list, index);
      if (pair === "unknown") {
        keySetKnown = false;
        continue;
      }
      if (pair === undefined) continue;
      // Both checks run, so a case-only duplicate reports the duplicate and the case slip.
      const documented = this.keyName(pair.key, pair.keyProperty);
      if (!this.unique(declared, pair.key, pair.keyProperty) || !documented) continue;
      const wireValue = this.value(pair.key, pair.value, pair.valueProperty);
      if (wireValue !== undefined) wire.push([pair.key, wireValue]);
    }
    return keySetKnown ? sortedSecrets(wire) : UNKNOWN_VALUE;
  }

  private mapEntry(map: Record<string, unknown>, name: string): DeclaredEntry {
    const property = propertyPath("credentials", name);
    return { key: name, value: ownValue(map, name), keyProperty: property, valueProperty: property };
  }

  /** One `{ key, value }` entry of the list form; "unknown" when its key is not known yet. */
  private listEntry(list: readonly unknown[], index: number): DeclaredEntry | "unknown" | undefined {
    const property = `credentials[${index}]`;
    const entry = Object.hasOwn(list, index) ? list[index] : undefined;
    if (isUnknown(entry)) return "unknown";
    if (!isPlainObject(entry)) return this.fail(property, CheckReasons.entryNotObject);
    for (const name of Object.keys(entry)) {
      if (name !== "key" && name !== "value") this.fail(propertyPath(property, name), CheckReasons.entryUnknownProperty);
    }
    const key = ownValue(entry, "key");
    const value = ownValue(entry, "value");
    if (isUnknown(key)) {
      this.valueOfUnknownKey(value, `${property}.value`);
      return "unknown";
    }
    if (key === undefined || key === null) return this.fail(`${property}.key`, CheckReasons.keyRequired);
    if (typeof key !== "string") return this.fail(`${property}.key`, CheckReasons.keyNotString);
    return { key, value, keyProperty: `${property}.key`, valueProperty: `${property}.value` };
  }

  /** A documented name, or with `allowUnknownKeys` one shaped like Graph's that is not a documented one in another case. */
  private keyName(name: string, property: string): boolean {
    if (isSecretKeyName(name)) return true;
    const suggestion = suggestSecretKey(name);
    if (!this.allowUnknownKeys || suggestion?.toLowerCase() === name.toLowerCase()) {
      return this.fail(property, CheckReasons.unknownKey(suggestion, !this.allowUnknownKeys)) ?? false;
    }
    return UNKNOWN_KEY_NAME.test(name) || (this.fail(property, CheckReasons.unknownKeyMalformed) ?? false);
  }

  /** Records `name` among the names seen so far (compared case-insensitively); false for a repeat. */
  private unique(declared: Map<string, string>, name: string, property: string): boolean {
    const first = declared.get(name.toLowerCase());
    if (first !== undefined) return this.fail(property, CheckReasons.duplicateKey(first)) ?? false;
    declared.set(name.toLowerCase(), property);
    return true;
  }

  /** The wire value of a key, the unknown marker, or `undefined` after recording a failure; an unknown key's object is JSON. */
  private value(key: string, value: unknown, property: string): string | undefined {
    if (isUnknown(value)) return UNKNOWN_VALUE;
    if (value === undefined || value === null) return this.fail(property, CheckReasons.valueRequired);
    const json = isJsonValuedKey(key) || (!isSecretKeyName(key) && isPlainObject(value));
    return json ? this.jsonValue(value, property) : this.plainValue(key, value, property);
  }

  private plainValue(key: string, value: unknown, property: string): string | undefined {
    if (!["string", "number", "boolean"].includes(typeof value)) return this.fail(property, CheckReasons.plainValueType);
    if (value === "") return this.fail(property, CheckReasons.plainValueEmpty);
    if (typeof value === "number" && !Number.isFinite(value)) return this.fail(property, CheckReasons.nonFiniteNumber);
    if (typeof value === "number" && !isExactNumber(value)) return this.fail(property, CheckReasons.inexactNumber(key));
    const wire = String(value);
    if (key !== "BaseAddress" || isHttpsUrl(wire)) return wire;
    if (/^\s*http:/i.test(wire)) return this.fail(property, CheckReasons.baseAddressCleartext);
    this.warnings.push({ property, reason: CheckReasons.baseAddressNotUrl });
    return wire;
  }

  private jsonValue(value: unknown, property: string): string | undefined {
    let parsed: unknown = value;
    if (typeof value === "string") {
      if (value.trim() === "") return this.fail(property, CheckReasons.jsonValueEmpty);
      try {
        parsed = JSON.parse(value);
      } catch {
        // The parse error quotes the text, so it is dropped.
        return this.fail(property, CheckReasons.jsonTextInvalid);
      }
      if (!isPlainObject(parsed)) return this.fail(property, CheckReasons.jsonTextNotObject);
    } else if (!isPlainObject(value)) {
      return this.fail(property, CheckReasons.jsonValueType);
    }
    const problem = findJsonDataProblem(parsed);
    if (problem !== undefined) return this.fail(property, JSON_PROBLEMS[problem]);
    // An unknown marker inside JSON text is only a string that looks like one: text is never partial.
    return typeof value !== "string" && containsUnknown(value) ? UNKNOWN_VALUE : canonicalJson(parsed);
  }

  /** A value whose key is not known yet: only what holds for every key can be checked. */
  private valueOfUnknownKey(value: unknown, property: string): void {
    if (value === undefined || value === null) {
      this.fail(property, CheckReasons.valueRequired);
    } else if (typeof value === "number" && !Number.isFinite(value)) {
      this.fail(property, CheckReasons.nonFiniteNumber);
    } else if (typeof value === "number" && !isExactNumber(value)) {
      this.fail(property, CheckReasons.inexactNumber(undefined));
    } else if (isPlainObject(value)) {
      const problem = findJsonDataProblem(value);
      if (problem !== undefined) this.fail(property, JSON_PROBLEMS[problem]);
    } else if (typeof value !== "string" && typeof value !== "boolean" && typeof value !== "number") {
      // Arrays, class instances, functions, symbols and bigints are wrong for every key, JSON-valued or not.
      this.fail(property, CheckReasons.plainValueType);
    }
  }
}

/** An absolute https URL written out as such: the WHATWG parser forgives more ("https:host") than Graph may. */
function isHttpsUrl(text: string): boolean {
  return /^https:\/\/[^/\\]/i.test(text) && !/\s/.test(text) && URL.canParse(text) && new URL(text).hostname !== "";
}

/** An own property's value; inherited ones (`toString`, a polluted prototype) never count as input. */
const ownValue = (record: Record<string, unknown>, name: string): unknown => (Object.hasOwn(record, name) ? record[name] : undefined);

/** `parent.name`, or `parent["name"]` when `name` is not an identifier. */
export function propertyPath(parent: string, name: string): string {
  return !PROPERTY_NAME.test(name) ? `${parent}[${JSON.stringify(name)}]` : parent === "" ? name : `${parent}.${name}`;
}
