import { describe, expect, it } from "vitest";
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

  it("terminates on cyclic values", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic["self"] = cyclic;
    expect(containsUnknown(cyclic)).toBe(false);
    cyclic["later"] = UNKNOWN_VALUE;
    expect(containsUnknown(cyclic)).toBe(true);
  });

  it("handles nesting deeper than the call stack", () => {
    let deep: unknown = UNKNOWN_VALUE;
    for (let level = 0; level < 100_000; level += 1) {
      deep = [deep];
    }
    expect(containsUnknown(deep)).toBe(true);
  });

  it("never throws on a value whose getters throw", () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error("no keys");
        },
      },
    );
    expect(containsUnknown({ hostile })).toBe(false);
  });
});
