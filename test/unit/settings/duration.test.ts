import { describe, expect, it } from "vitest";

import { parseDuration } from "../../../provider/settings/lookup";

describe("parseDuration", () => {
  const valid: ReadonlyArray<[string, number]> = [
    ["300", 300_000],
    ["2.5", 2_500],
    ["90s", 90_000],
    ["5m", 300_000],
    ["1h", 3_600_000],
    ["1500ms", 1_500],
    ["1m30s", 90_000],
    ["1h2m3s4ms", 3_723_004],
    [" 2M ", 120_000],
    ["0", 0],
    ["0.5s", 500],
  ];
  for (const [text, ms] of valid) {
    it(`reads "${text}" as ${ms} ms`, () => {
      expect(parseDuration(text)).toBe(ms);
    });
  }

  for (const text of ["", "s", "5 m", "-5s", "5d", "1m 30s", "five minutes", "5m-", "1e3"]) {
    it(`refuses "${text}"`, () => {
      expect(parseDuration(text)).toBeUndefined();
    });
  }
});
