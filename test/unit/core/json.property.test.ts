import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, canonicalJsonText } from "../../../provider/core/json";
import { normalizeServicePrincipalId } from "../../../provider/core/ids";

/** The same JSON value with object keys re-inserted in a shuffled order at every depth. */
function reordered(value: unknown, random: () => number): unknown {
  if (Array.isArray(value)) {
    return value.map((item: unknown) => reordered(item, random));
  }
  if (typeof value !== "object" || value === null) {
    return value;
  }
  const entries = Object.entries(value);
  for (let index = entries.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [entries[index], entries[other]] = [entries[other] as [string, unknown], entries[index] as [string, unknown]];
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, reordered(item, random)]));
}

/** A small deterministic generator, so a failing case replays from its seed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const json = fc.jsonValue();

describe("canonicalJson, property-based", () => {
  it("is idempotent: canonical text parsed and serialized again is unchanged", () => {
    fc.assert(
      fc.property(json, (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(canonicalJsonText(text)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it("ignores the order of object keys", () => {
    fc.assert(
      fc.property(json, fc.integer(), (value, seed) => {
        expect(canonicalJson(reordered(value, seeded(seed)))).toBe(canonicalJson(value));
      }),
      { numRuns: 500 },
    );
  });

  it("ignores whitespace in JSON text", () => {
    fc.assert(
      fc.property(json, fc.constantFrom(1, 2, "\t", " \n "), (value, indent) => {
        expect(canonicalJsonText(JSON.stringify(value, null, indent))).toBe(canonicalJson(value));
      }),
      { numRuns: 300 },
    );
  });

  it("keeps the data: its text parses back to the same value", () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(JSON.parse(canonicalJson(value))).toStrictEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });

  it("gives equal text exactly for equal data", () => {
    const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
    const pair = fc.oneof(
      fc.tuple(json, json),
      fc.tuple(json, fc.integer()).map(([value, seed]) => [value, reordered(value, seeded(seed))] as const),
    );
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(canonicalJson(a) === canonicalJson(b)).toBe(isDeepStrictEqual(roundTrip(a), roundTrip(b)));
      }),
      { numRuns: 300 },
    );
  });
});

describe("normalizeServicePrincipalId, property-based", () => {
  it("maps both id forms, in any letter case, to the same lowercase GUID", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.boolean(), (guid, upper) => {
        const written = upper ? guid.toUpperCase() : guid;
        expect(normalizeServicePrincipalId(written)).toBe(guid.toLowerCase());
        expect(normalizeServicePrincipalId(`/servicePrincipals/${written}`)).toBe(guid.toLowerCase());
      }),
      { numRuns: 200 },
    );
  });

  it("rejects any string that is not one of the two forms", () => {
    const GUID = /^(\/servicePrincipals\/)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(normalizeServicePrincipalId(text) !== undefined).toBe(GUID.test(text));
      }),
      { numRuns: 300 },
    );
  });
});
