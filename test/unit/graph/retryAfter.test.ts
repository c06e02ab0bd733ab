import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "../../../provider/graph/retry";

const NOW = Date.parse("2026-11-30T10:00:00.000Z");

describe("parseRetryAfter", () => {
  it("reads integer seconds", () => {
    expect(parseRetryAfter("120", NOW)).toBe(120_000);
  });

  it("reads fractional seconds as Graph sends them", () => {
    expect(parseRetryAfter("2.128", NOW)).toBe(2_128);
  });

  it("rounds sub-millisecond fractions up so the wait is never shorter than asked", () => {
    expect(parseRetryAfter("0.0001", NOW)).toBe(1);
  });

  it("reads zero as no wait", () => {
    expect(parseRetryAfter("0", NOW)).toBe(0);
  });

  it("tolerates surrounding whitespace", () => {
    expect(parseRetryAfter(" 3 ", NOW)).toBe(3_000);
  });

  it("reads an IMF-fixdate as the time left until that instant", () => {
    expect(parseRetryAfter("Mon, 30 Nov 2026 10:00:05 GMT", NOW)).toBe(5_000);
  });

  it("reads the obsolete RFC 850 date form", () => {
    expect(parseRetryAfter("Monday, 30-Nov-26 10:00:07 GMT", NOW)).toBe(7_000);
  });

  it("reads the asctime form as GMT, not local time", () => {
    expect(parseRetryAfter("Mon Nov 30 10:00:09 2026", NOW)).toBe(9_000);
  });

  it("treats a date in the past as no wait", () => {
    expect(parseRetryAfter("Mon, 30 Nov 2026 09:59:00 GMT", NOW)).toBe(0);
  });

  it.each([["-1"], ["abc"], [""], ["1e3"], ["5 seconds"], ["2026-11-30T10:00:05Z"], ["Mon, 99 Foo 2026 10:00:05 GMT"]])(
    "ignores the unreadable value %j so the caller falls back to backoff",
    (value) => {
      expect(parseRetryAfter(value, NOW)).toBeUndefined();
    },
  );

  it("returns undefined when the header is absent", () => {
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
  });
});
