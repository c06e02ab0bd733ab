import { CheckReasons } from "./checkReasons";
import { findJsonDataProblem, isPlainObject, type JsonDataProblem } from "./jsonData";
import { isJsonValuedKey, isSecretKeyName, suggestSecretKey } from "./keys";
import { canonicalJson, normalizeServicePrincipalId, sortedSecrets } from "./normalize";
import type { ApiVersion, CheckedState, CheckFailure, DeclaredSecrets, SecretKeyName } from "./types";
import { containsUnknown, isUnknown, UNKNOWN_VALUE, type UnknownValue } from "./unknown";

/** Options of {@link checkInputs}. */
export interface CheckOptions {
  /** The API version when `apiVersion` is not given. Default `"v1.0"`. */
  defaultApiVersion?: ApiVersion;
}

/** The result of {@link checkInputs}. */
export interface CheckOutcome {
  /** Every problem found, in input order; empty when the inputs are valid. */
  failures: CheckFailure[];
  /** The normalized inputs, present exactly when there are no failures; unknown parts stay the unknown marker. */
  state?: CheckedState;
}

const INPUT_PROPERTIES: ReadonlySet<string> = new Set(["servicePrincipalId", "credentials", "apiVersion"]);
// `__provider` is the engine's serialized provider; `keys` is our own derived output, found when checked state
// is checked again. Neither is user input, so both are accepted and dropped.
const IGNORED_PROPERTIES: ReadonlySet<string> = new Set(["__provider", "keys"]);
const API_VERSIONS: ReadonlySet<string> = new Set<ApiVersion>(["v1.0", "beta"]);
const PROPERTY_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Validates and normalizes the resource inputs (Pulumi's `check`, run in previews too). Never throws, whatever
 * `news` is. Failure reasons name properties and keys, never values. Unknown values (previews) are accepted
 * wherever they appear and kept in the state as the unknown marker.
 *
 * Decisions where the spec is silent: properties other than `servicePrincipalId`, `credentials` and
 * `apiVersion` are rejected (a typo such as `apiversion` would otherwise be silently ignored), except the
 * engine's `__provider` and our own output `keys`; a JSON-valued key takes an object (arrays are rejected: every
 * documented JSON value is an object); `null` for `apiVersion` means "not given".
 */
export function checkInputs(news: unknown, options: CheckOptions = {}): CheckOutcome {
  const settings: Required<CheckOptions> = { defaultApiVersion: options.defaultApiVersion ?? "v1.0" };
  try {
    return new InputChecker(settings).check(news);
  } catch {
    // Only reachable through exotic objects (throwing getters, hostile proxies); say so without detail.
    return { failures: [{ property: "", reason: CheckReasons.uninspectable }] };
  }
}

/** One run of {@link checkInputs}; collects failures while it walks the inputs. */
class InputChecker {
  private readonly failures: CheckFailure[] = [];

  constructor(private readonly settings: Required<CheckOptions>) {}

  check(news: unknown): CheckOutcome {
    if (!isPlainObject(news)) {
      return { failures: [{ property: "", reason: CheckReasons.inputsNotObject }] };
    }
    for (const property of Object.keys(news)) {
      if (!INPUT_PROPERTIES.has(property) && !IGNORED_PROPERTIES.has(property)) {
        this.fail(propertyPath("", property), CheckReasons.unknownProperty);
      }
    }
    const servicePrincipalId = this.checkServicePrincipalId(ownValue(news, "servicePrincipalId"));
    const credentials = this.checkCredentials(ownValue(news, "credentials"));
    const apiVersion = this.checkApiVersion(ownValue(news, "apiVersion"));
    if (this.failures.length > 0 || servicePrincipalId === undefined || credentials === undefined) {
      return { failures: this.failures };
    }
    const keys = isUnknown(credentials) ? UNKNOWN_VALUE : Object.keys(credentials);
    return { failures: [], state: { servicePrincipalId, credentials, keys, apiVersion } };
  }

  private fail(property: string, reason: string): undefined {
    this.failures.push({ property, reason });
    return undefined;
  }

  private checkServicePrincipalId(value: unknown): string | undefined {
    const property = "servicePrincipalId";
    if (isUnknown(value)) {
      return UNKNOWN_VALUE;
    }
    if (value === undefined || value === null) {
      return this.fail(property, CheckReasons.servicePrincipalIdRequired);
    }
    if (typeof value !== "string") {
      return this.fail(property, CheckReasons.servicePrincipalIdNotString);
    }
    return normalizeServicePrincipalId(value) ?? this.fail(property, CheckReasons.servicePrincipalIdMalformed);
  }

  private checkApiVersion(value: unknown): ApiVersion | UnknownValue {
    if (isUnknown(value)) {
      return UNKNOWN_VALUE;
    }
    if (value === undefined || value === null) {
      return this.settings.defaultApiVersion;
    }
    if (typeof value === "string" && API_VERSIONS.has(value)) {
      return value as ApiVersion;
    }
    this.fail("apiVersion", CheckReasons.apiVersionInvalid);
    return this.settings.defaultApiVersion;
  }

  private checkCredentials(value: unknown): DeclaredSecrets | UnknownValue | undefined {
    const property = "credentials";
    if (isUnknown(value)) {
      return UNKNOWN_VALUE;
    }
    if (value === undefined || value === null) {
      return this.fail(property, CheckReasons.credentialsRequired);
    }
    if (Array.isArray(value)) {
      return this.checkCredentialList(value);
    }
    if (isPlainObject(value)) {
      return this.checkCredentialMap(value);
    }
    return this.fail(property, CheckReasons.credentialsNotCollection);
  }

  private checkCredentialMap(map: Record<string, unknown>): DeclaredSecrets | undefined {
    const names = Object.keys(map);
    if (names.length === 0) {
      return this.fail("credentials", CheckReasons.credentialsEmpty);
    }
    const declared = new DeclaredKeys();
    const wire: Array<[string, string]> = [];
    for (const name of names) {
      const property = propertyPath("credentials", name);
      // Both checks run, so a case-only duplicate reports the duplicate and the case slip.
      const documented = this.checkKeyName(name, property);
      if (!this.checkUnique(declared, name, property) || !documented) {
        continue;
      }
      const value = this.checkValue(name, map[name], property);
      if (value !== undefined) {
        wire.push([name, value]);
      }
    }
    return sortedSecrets(wire);
  }

  private checkCredentialList(list: readonly unknown[]): DeclaredSecrets | UnknownValue | undefined {
    if (list.length === 0) {
      return this.fail("credentials", CheckReasons.credentialsEmpty);
    }
    const declared = new DeclaredKeys();
    const wire: Array<[string, string]> = [];
    let keySetKnown = true;
    for (let index = 0; index < list.length; index += 1) {
      const property = `credentials[${index}]`;
      const entry = Object.hasOwn(list, index) ? list[index] : undefined;
      if (isUnknown(entry)) {
        keySetKnown = false;
        continue;
      }
      if (!isPlainObject(entry)) {
        this.fail(property, CheckReasons.entryNotObject);
        continue;
      }
      for (const name of Object.keys(entry)) {
        if (name !== "key" && name !== "value") {
          this.fail(propertyPath(property, name), CheckReasons.entryUnknownProperty);
        }
      }
      const key = ownValue(entry, "key");
      const value = ownValue(entry, "value");
      if (isUnknown(key)) {
        keySetKnown = false;
        this.checkValueOfUnknownKey(value, `${property}.value`);
        continue;
      }
      if (key === undefined || key === null) {
        this.fail(`${property}.key`, CheckReasons.keyRequired);
        continue;
      }
      if (typeof key !== "string") {
        this.fail(`${property}.key`, CheckReasons.keyNotString);
        continue;
      }
      const documented = this.checkKeyName(key, `${property}.key`);
      if (!this.checkUnique(declared, key, `${property}.key`) || !documented) {
        continue;
      }
      const wireValue = this.checkValue(key, value, `${property}.value`);
      if (wireValue !== undefined) {
        wire.push([key, wireValue]);
      }
    }
    return keySetKnown ? sortedSecrets(wire) : UNKNOWN_VALUE;
  }

  private checkKeyName(name: string, property: string): name is SecretKeyName {
    if (isSecretKeyName(name)) {
      return true;
    }
    this.fail(property, CheckReasons.unknownKey(suggestSecretKey(name)));
    return false;
  }

  private checkUnique(declared: DeclaredKeys, name: string, property: string): boolean {
    const first = declared.claim(name, property);
    if (first === undefined) {
      return true;
    }
    this.fail(property, CheckReasons.duplicateKey(first));
    return false;
  }

  /** The wire value of a known key, the unknown marker, or `undefined` after recording a failure. */
  private checkValue(key: SecretKeyName, value: unknown, property: string): string | undefined {
    if (isUnknown(value)) {
      return UNKNOWN_VALUE;
    }
    if (value === undefined || value === null) {
      return this.fail(property, CheckReasons.valueRequired);
    }
    return isJsonValuedKey(key) ? this.checkJsonValue(value, property) : this.checkPlainValue(key, value, property);
  }

  private checkPlainValue(key: SecretKeyName, value: unknown, property: string): string | undefined {
    let wire: string;
    switch (typeof value) {
      case "string":
        if (value === "") {
          return this.fail(property, CheckReasons.plainValueEmpty);
        }
        wire = value;
        break;
      case "number":
        if (!Number.isFinite(value)) {
          return this.fail(property, CheckReasons.nonFiniteNumber);
        }
        wire = String(value);
        break;
      case "boolean":
        wire = value ? "true" : "false";
        break;
      default:
        return this.fail(property, CheckReasons.plainValueType);
    }
    if (key === "BaseAddress" && !isHttpsUrl(wire)) {
      return this.fail(property, CheckReasons.baseAddressNotHttps);
    }
    return wire;
  }

  private checkJsonValue(value: unknown, property: string): string | undefined {
    if (typeof value === "string") {
      return this.checkJsonText(value, property);
    }
    if (!isPlainObject(value)) {
      return this.fail(property, CheckReasons.jsonValueType);
    }
    const problem = findJsonDataProblem(value);
    if (problem !== undefined) {
      return this.fail(property, jsonProblemReason(problem));
    }
    return containsUnknown(value) ? UNKNOWN_VALUE : canonicalJson(value);
  }

  private checkJsonText(text: string, property: string): string | undefined {
    if (text.trim() === "") {
      return this.fail(property, CheckReasons.jsonValueEmpty);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // The parse error quotes the text, so it is dropped.
      return this.fail(property, CheckReasons.jsonTextInvalid);
    }
    if (!isPlainObject(parsed)) {
      return this.fail(property, CheckReasons.jsonTextNotObject);
    }
    const problem = findJsonDataProblem(parsed);
    if (problem !== undefined) {
      return this.fail(property, jsonProblemReason(problem));
    }
    // An unknown marker inside JSON text is only a string that happens to look like one: text is never partial.
    return canonicalJson(parsed);
  }

  /** A value whose key is not known yet: only what holds for every key can be checked. */
  private checkValueOfUnknownKey(value: unknown, property: string): void {
    if (value === undefined || value === null) {
      this.fail(property, CheckReasons.valueRequired);
      return;
    }
    if (typeof value === "number" && !Number.isFinite(value)) {
      this.fail(property, CheckReasons.nonFiniteNumber);
      return;
    }
    if (isPlainObject(value)) {
      const problem = findJsonDataProblem(value);
      if (problem !== undefined) {
        this.fail(property, jsonProblemReason(problem));
      }
      return;
    }
    // Arrays and class instances are wrong for every key, JSON-valued or not.
    if (typeof value === "object") {
      this.fail(property, CheckReasons.plainValueType);
      return;
    }
    if (typeof value !== "string" && typeof value !== "boolean" && typeof value !== "number") {
      this.fail(property, CheckReasons.plainValueType);
    }
  }
}

/** The declared key names seen so far, compared case-insensitively, with where each was declared. */
class DeclaredKeys {
  private readonly firstProperty = new Map<string, string>();

  /** Records `name` at `property`; returns the property of an earlier declaration of the same key, if any. */
  claim(name: string, property: string): string | undefined {
    const folded = name.toLowerCase();
    const first = this.firstProperty.get(folded);
    if (first === undefined) {
      this.firstProperty.set(folded, property);
    }
    return first;
  }
}

function jsonProblemReason(problem: JsonDataProblem): string {
  switch (problem) {
    case "cycle":
      return CheckReasons.jsonValueCyclic;
    case "too-deep":
      return CheckReasons.jsonValueTooDeep;
    case "not-data":
      return CheckReasons.jsonValueNotData;
  }
}

/**
 * An absolute https URL with a host, written out as such. The WHATWG parser forgives more than Graph may
 * (it trims whitespace and reads "https:host" or "https:///host" as "https://host/"), so the text itself must
 * start with "https://" and a host, and hold no whitespace.
 */
function isHttpsUrl(text: string): boolean {
  if (!/^https:\/\/[^/\\]/i.test(text) || /\s/.test(text)) {
    return false;
  }
  try {
    return new URL(text).hostname !== "";
  } catch {
    return false;
  }
}

/** An own property's value; inherited ones (`toString`, a polluted prototype) never count as input. */
function ownValue(record: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

/** `parent.name`, or `parent["name"]` when `name` is not an identifier. */
function propertyPath(parent: string, name: string): string {
  if (PROPERTY_NAME.test(name)) {
    return parent === "" ? name : `${parent}.${name}`;
  }
  return `${parent}[${JSON.stringify(name)}]`;
}
