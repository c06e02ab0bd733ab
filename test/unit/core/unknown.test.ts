import { describe, expect, it } from "vitest";
import { checkInputs, CheckReasons } from "../../../provider/core/checkInputs";
import { containsUnknown, isUnknown, UNKNOWN_VALUE } from "../../../provider/core/unknown";

describe("the unknown marker", () => {
  it("is Pulumi's rpc.unknownValue", () => {
    expect(UNKNOWN_VALUE).toBe("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
  });

  it("is recognised only as the exact string", () => {
    expect(isUnknown(UNKNOWN_VALUE)).toBe(true);
    expect(isUnknown(UNKNOWN_VALUE.toUpperCase())).toBe(false);
    expect(isUnknown(` ${UNKNOWN_VALUE}`)).toBe(false);
    expect(isUnknown(undefined)).toBe(false);
    expect(isUnknown({ value: UNKNOWN_VALUE })).toBe(false);
  });
});

describe("containsUnknown", () => {
  it("finds the marker at the top level", () => {
    expect(containsUnknown(UNKNOWN_VALUE)).toBe(true);
  });

  it("finds the marker deep inside objects and arrays", () => {
    expect(containsUnknown({ a: { b: [1, { c: UNKNOWN_VALUE }] } })).toBe(true);
    expect(containsUnknown([[[[UNKNOWN_VALUE]]]])).toBe(true);
  });

  it("finds the marker used as an object key", () => {
    expect(containsUnknown({ [UNKNOWN_VALUE]: 1 })).toBe(true);
  });

  it("finds nothing in known values", () => {
    for (const value of [undefined, null, 0, "", "text", true, [], {}, { a: [1, "x", null] }, Number.NaN]) {
      expect(containsUnknown(value)).toBe(false);
    }
  });

  it("does not mistake a string that merely contains the marker", () => {
    expect(containsUnknown(`prefix-${UNKNOWN_VALUE}`)).toBe(false);
  });

});

// containsUnknown takes checked data: a JSON value holding the marker that is cyclic, nested deeper than the call stack,
// or unreadable is refused by the checker first, with its reason, and never reaches it.
describe("an unknown inside a JSON value that is not plain JSON data", () => {
  const failureFor = (value: unknown) =>
    checkInputs({ servicePrincipalId: "0af4a6b2-9c3d-4e5f-8a7b-1c2d3e4f5a6b", credentials: { SyncNotificationSettings: value } });

  it("is refused when the value is cyclic", () => {
    const cyclic: Record<string, unknown> = { later: UNKNOWN_VALUE };
    cyclic["self"] = cyclic;
    expect(failureFor(cyclic)).toEqual({ failures: [{ property: "credentials.SyncNotificationSettings", reason: CheckReasons.jsonValueCyclic }] });
  });

  it("is refused when the value nests deeper than the call stack", () => {
    let deep: unknown = UNKNOWN_VALUE;
    for (let level = 0; level < 100_000; level += 1) {
      deep = { deep };
    }
    const failure = { property: "credentials.SyncNotificationSettings", reason: CheckReasons.jsonValueTooDeep };
    expect(failureFor(deep).failures).toEqual([failure]);
  });

  it("is refused when the value cannot be read", () => {
    const hostile = new Proxy(
      { Enabled: UNKNOWN_VALUE },
      {
        ownKeys: () => {
          throw new Error("no keys");
        },
      },
    );
    expect(failureFor({ hostile }).failures).toEqual([{ property: "", reason: CheckReasons.uninspectable }]);
  });
});
