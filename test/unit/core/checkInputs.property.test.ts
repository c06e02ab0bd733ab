import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkInputs } from "../../../provider/core/checkInputs";
import { SECRET_KEY_NAMES } from "../../../provider/core/keys";
import { UNKNOWN_VALUE } from "../../../provider/core/unknown";
import { knownValidInputs, MARKER, resourceInputs } from "./inputArbitraries";

// An oracle written from the product rules, independently of provider/core/checkInputs.ts: it only says
// "valid" or "not valid" and uses the simplest test for each rule.
const DOCUMENTED = new Set<string>(SECRET_KEY_NAMES);
const JSON_KEYED = new Set(["AppKey", "Domain", "SyncNotificationSettings"]);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A cleartext URL, refused for BaseAddress (everything else Graph might take is accepted, with a warning).
const CLEARTEXT_URL = /^\s*http:/i;

function isPlain(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return false;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * A number whose text keeps every digit: a safe integer, or a finite non-integer that 15 significant digits hold
 * (toPrecision(15) gives back the same number) at a magnitude JavaScript writes without an exponent.
 */
function isExactNumber(value: unknown): boolean {
  if (typeof value !== "number") {
    return false;
  }
  if (Number.isSafeInteger(value)) {
    return true;
  }
  return Number.isFinite(value) && !Number.isInteger(value) && Math.abs(value) >= 1e-6 && Number(value.toPrecision(15)) === value;
}

function isJsonData(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") {
    return true;
  }
  if (typeof value === "number") {
    return isExactNumber(value);
  }
  if (depth >= 32) {
    return false;
  }
  if (Array.isArray(value)) {
    return [...value.keys()].every((index) => index in value && isJsonData(value[index], depth + 1));
  }
  return isPlain(value) && Object.values(value).every((item) => isJsonData(item, depth + 1));
}

function isValidValue(key: string, value: unknown): boolean {
  if (value === UNKNOWN_VALUE) {
    return true;
  }
  if (JSON_KEYED.has(key)) {
    if (typeof value === "string") {
      try {
        const parsed: unknown = JSON.parse(value);
        return isPlain(parsed) && isJsonData(parsed);
      } catch {
        return false;
      }
    }
    return isPlain(value) && isJsonData(value);
  }
  if (key === "BaseAddress" && typeof value === "string" && CLEARTEXT_URL.test(value)) {
    return false;
  }
  return (typeof value === "string" && value !== "") || typeof value === "boolean" || isExactNumber(value);
}

function isValidValueOfUnknownKey(value: unknown): boolean {
  if (value === undefined || value === null) {
    return false;
  }
  if (typeof value === "object") {
    return isPlain(value) && isJsonData(value);
  }
  return typeof value === "string" || typeof value === "boolean" || isExactNumber(value);
}

function isValidCredentials(credentials: unknown): boolean {
  if (credentials === UNKNOWN_VALUE) {
    return true;
  }
  const seen = new Set<string>();
  const declare = (key: string): boolean => {
    const folded = key.toLowerCase();
    const fresh = !seen.has(folded);
    seen.add(folded);
    return fresh && DOCUMENTED.has(key);
  };
  if (Array.isArray(credentials)) {
    return (
      credentials.length > 0 &&
      credentials.every((entry: unknown) => {
        if (entry === UNKNOWN_VALUE) {
          return true;
        }
        if (!isPlain(entry) || Object.keys(entry).some((name) => name !== "key" && name !== "value")) {
          return false;
        }
        if (entry["key"] === UNKNOWN_VALUE) {
          return isValidValueOfUnknownKey(entry["value"]);
        }
        return typeof entry["key"] === "string" && declare(entry["key"]) && isValidValue(entry["key"], entry["value"]);
      })
    );
  }
  if (!isPlain(credentials)) {
    return false;
  }
  const entries = Object.entries(credentials);
  return entries.length > 0 && entries.every(([key, value]) => declare(key) && isValidValue(key, value));
}

function isValidInputs(news: unknown): boolean {
  if (!isPlain(news)) {
    return false;
  }
  const allowed = ["servicePrincipalId", "credentials", "apiVersion", "__provider", "keys"];
  if (Object.keys(news).some((name) => !allowed.includes(name))) {
    return false;
  }
  const id = news["servicePrincipalId"];
  const idValid =
    id === UNKNOWN_VALUE ||
    (typeof id === "string" && (GUID.test(id) || GUID.test(id.replace(/^\/servicePrincipals\//i, ""))));
  const version = news["apiVersion"];
  const versionValid = [undefined, null, UNKNOWN_VALUE, "v1.0", "beta"].includes(version as string);
  return idValid && versionValid && isValidCredentials(news["credentials"]);
}

/**
 * Every generated value of four characters or more (numbers in their string form), skipping key names, which may
 * be shown, the unknown marker and apiVersion words, which reasons may name.
 */
function generatedValues(value: unknown, into: string[] = [], seen = new Set<object>()): string[] {
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text === "string") {
    if (text.length >= 4 && text !== UNKNOWN_VALUE && !["v1.0", "beta", "V1.0"].includes(text)) {
      into.push(text);
    }
    return into;
  }
  if (typeof value !== "object" || value === null || seen.has(value)) {
    return into;
  }
  seen.add(value);
  for (const [name, item] of Object.entries(value)) {
    if (!(name === "key" && typeof item === "string")) {
      generatedValues(item, into, seen);
    }
  }
  return into;
}

/** What makes an input hostile, by kind: each kind the fuzzing must feed `check`. */
type Hostility =
  | "wrong type" | "huge string" | "deep object" | "cycle" | "prototype key" | "inexact number" | "unknown key"
  | "bad GUID" | "duplicate key" | "unknown value";

/** The kinds of hostility in one input, found by an iterative walk (inputs can be cyclic or thousands deep). */
function hostilitiesOf(news: unknown): Set<Hostility> {
  const found = new Set<Hostility>();
  const pending: Array<{ value: unknown; depth: number }> = [{ value: news, depth: 0 }];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const { value, depth } = pending.pop() as { value: unknown; depth: number };
    if (value === UNKNOWN_VALUE) found.add("unknown value");
    if (typeof value === "string" && value.length >= 64 * 1024) found.add("huge string");
    if (typeof value === "number" && !isExactNumber(value)) found.add("inexact number");
    if (["symbol", "bigint", "function"].includes(typeof value) || value instanceof Date || value instanceof Map) found.add("wrong type");
    if (typeof value !== "object" || value === null) continue;
    if (seen.has(value)) {
      found.add("cycle");
      continue;
    }
    seen.add(value);
    if (depth > 32) found.add("deep object");
    for (const name of Object.keys(value)) {
      if (["__proto__", "constructor", "toString"].includes(name)) found.add("prototype key");
      pending.push({ value: (value as Record<string, unknown>)[name], depth: depth + 1 });
    }
  }
  if (isPlain(news)) {
    const id = news["servicePrincipalId"];
    if (typeof id === "string" && id !== UNKNOWN_VALUE && !GUID.test(id.replace(/^\/servicePrincipals\//i, ""))) found.add("bad GUID");
    const credentials = news["credentials"];
    const names = Array.isArray(credentials)
      ? credentials.flatMap((entry: unknown) => (isPlain(entry) && typeof entry["key"] === "string" ? [entry["key"]] : []))
      : isPlain(credentials) ? Object.keys(credentials) : [];
    if (names.some((name) => !DOCUMENTED.has(name))) found.add("unknown key");
    if (new Set(names.map((name) => name.toLowerCase())).size < names.length) found.add("duplicate key");
  }
  return found;
}

describe("checkInputs, property-based", () => {
  it("never throws, never echoes a value, and accepts exactly the valid inputs", () => {
    let valid = 0;
    let malformed = 0;
    const hostile = new Map<Hostility, number>();
    fc.assert(
      fc.property(fc.oneof({ weight: 4, arbitrary: resourceInputs }, { weight: 1, arbitrary: knownValidInputs }), (news) => {
        for (const kind of hostilitiesOf(news)) hostile.set(kind, (hostile.get(kind) ?? 0) + 1);
        // Anything but a returned outcome (a RangeError, a TypeError) fails the property.
        const outcome = checkInputs(news);
        const expectedValid = isValidInputs(news);
        expect(outcome.failures.length === 0).toBe(expectedValid);
        expect(outcome.state !== undefined).toBe(expectedValid);
        const values = generatedValues(news);
        for (const failure of outcome.failures) {
          expect(failure.property).toEqual(expect.any(String));
          // No fixed reason holds the marker, so finding it means a value, or a fragment of one, leaked.
          expect(failure.reason).not.toContain(MARKER);
          for (const value of values) {
            expect(failure.reason).not.toContain(value);
          }
        }
        if (expectedValid) {
          valid += 1;
        } else {
          malformed += 1;
        }
      }),
      { numRuns: 3000 },
    );
    // The generator must really exercise both sides, and every kind of hostile input.
    expect(malformed).toBeGreaterThanOrEqual(1000);
    expect(valid).toBeGreaterThanOrEqual(500);
    for (const kind of [
      "wrong type", "huge string", "deep object", "cycle", "prototype key", "inexact number", "unknown key", "bad GUID",
      "duplicate key", "unknown value",
    ] as const) {
      expect(hostile.get(kind) ?? 0, kind).toBeGreaterThanOrEqual(20);
    }
  });

  it("normalizes valid inputs to sorted, known keys and returns them unchanged when checked again", () => {
    fc.assert(
      fc.property(knownValidInputs, (news) => {
        const outcome = checkInputs(news);
        expect(outcome.failures).toEqual([]);
        const state = outcome.state;
        if (state === undefined || typeof state.credentials === "string") {
          throw new Error("a fully known, valid input must give a complete state");
        }
        expect(state.keys).toEqual([...state.keys].sort());
        expect(Object.keys(state.credentials)).toEqual(state.keys);
        expect(Object.values(state.credentials).every((value) => typeof value === "string")).toBe(true);
        expect(GUID.test(state.servicePrincipalId) && state.servicePrincipalId === state.servicePrincipalId.toLowerCase()).toBe(true);
        expect(checkInputs(state)).toEqual(outcome);
      }),
      { numRuns: 400 },
    );
  });
});
