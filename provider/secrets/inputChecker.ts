import { CheckReasons } from "./checkReasons";
import { findJsonDataProblem, isPlainObject, type JsonDataProblem } from "./jsonData";
import { isJsonValuedKey, isSecretKeyName, suggestSecretKey } from "./keys";
import { canonicalJson, normalizeServicePrincipalId, sortedSecrets } from "./normalize";
import type { ApiVersion, CheckFailure, DeclaredSecrets, SecretKeyName } from "./types";
import { containsUnknown, isUnknown, UNKNOWN_VALUE, type UnknownValue } from "./unknown";
import type { CheckOptions, CheckOutcome } from "./validate";

const INPUT_PROPERTIES: ReadonlySet<string> = new Set(["servicePrincipalId", "credentials", "apiVersion"]);
// `__provider` is the engine's serialized provider; `keys` is our own derived output, found when checked state
// is checked again. Neither is user input, so both are accepted and dropped.
const IGNORED_PROPERTIES: ReadonlySet<string> = new Set(["__provider", "keys"]);
const API_VERSIONS: ReadonlySet<string> = new Set<ApiVersion>(["v1.0", "beta"]);
const PROPERTY_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * One run of `checkInputs`: walks the inputs once, collecting failures, and builds the normalized state. Used once
 * per call; `check` may throw on exotic objects, which `checkInputs` turns into a failure.
 */
export class InputChecker {
  private readonly failures: CheckFailure[] = [];

  /** @param settings - the options of `checkInputs`, defaults applied */
  constructor(private readonly settings: Required<CheckOptions>) {}

  /** The failures and, when there are none, the normalized state. */
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
    const declared = new Map<string, string>();
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
    const declared = new Map<string, string>();
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

  private checkUnique(declared: Map<string, string>, name: string, property: string): boolean {
    const first = claimKey(declared, name, property);
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
    // Arrays, class instances, functions, symbols and bigints are wrong for every key, JSON-valued or not.
    if (typeof value !== "string" && typeof value !== "boolean" && typeof value !== "number") {
      this.fail(property, CheckReasons.plainValueType);
    }
  }
}

/**
 * Records `name`, declared at `property`, among the names seen so far (compared case-insensitively); returns the
 * property of an earlier declaration of the same key, if any.
 */
function claimKey(declared: Map<string, string>, name: string, property: string): string | undefined {
  const folded = name.toLowerCase();
  const first = declared.get(folded);
  if (first === undefined) {
    declared.set(folded, property);
  }
  return first;
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
