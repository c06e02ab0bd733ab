import { describe, expect, it } from "vitest";
import { checkInputs, CheckReasons } from "../../../provider/core/checkInputs";
import { canonicalJson, canonicalJsonText } from "../../../provider/core/json";

describe("canonicalJson", () => {
  it("sorts object keys at every depth and drops whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it("keeps array order", () => {
    expect(canonicalJson([3, 1, 2])).toBe("[3,1,2]");
  });

  it("sorts by UTF-16 code units, independent of locale", () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3, é: 4, "10": 5, "9": 6 })).toBe('{"10":5,"9":6,"B":2,"a":3,"b":1,"é":4}');
  });

  it("writes scalars as JSON does", () => {
    expect(canonicalJson("a\"b\n")).toBe('"a\\"b\\n"');
    expect(canonicalJson(50)).toBe("50");
    expect(canonicalJson(-0)).toBe("0");
    expect(canonicalJson(true)).toBe("true");
    expect(canonicalJson(null)).toBe("null");
  });

  // canonicalJson takes plain JSON data: what JSON cannot hold is refused by the checker, with its reason, before it is asked.
  it.each([{ a: undefined }, { b: () => 1 }, { c: Number.NaN }, [undefined], [Number.POSITIVE_INFINITY]])(
    "is never asked for a value JSON cannot hold: checkInputs refuses %o",
    (value) => {
      const outcome = checkInputs({ servicePrincipalId: "0af4a6b2-9c3d-4e5f-8a7b-1c2d3e4f5a6b", credentials: { Domain: { value } } });
      expect(outcome).toEqual({ failures: [{ property: "credentials.Domain", reason: CheckReasons.jsonValueNotData }] });
    },
  );

  it("keeps a __proto__ key as data", () => {
    const parsed: unknown = JSON.parse('{"__proto__":{"polluted":true},"a":1}');
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"polluted":true},"a":1}');
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("accepts the same object twice when it is not a cycle", () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });
});


describe("canonicalJsonText", () => {
  it("re-serializes JSON text canonically", () => {
    expect(canonicalJsonText('{ "b": 1,\n "a": 2 }')).toBe('{"a":2,"b":1}');
  });

  it("returns undefined for text that is not JSON", () => {
    expect(canonicalJsonText("{not json")).toBeUndefined();
    expect(canonicalJsonText("")).toBeUndefined();
  });
});

