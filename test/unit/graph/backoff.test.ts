import { describe, expect, it } from "vitest";
import { backoffDelay } from "../../../provider/graph/backoff";

describe("backoffDelay", () => {
  it("doubles from the base delay without jitter", () => {
    const delays = [1, 2, 3, 4].map((retry) => backoffDelay(retry, 1_000, 60_000, "none"));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it("never passes the cap, even for huge retry numbers", () => {
    expect(backoffDelay(10, 1_000, 30_000, "none")).toBe(30_000);
    expect(backoffDelay(5_000, 1_000, 30_000, "none")).toBe(30_000);
  });

  it("waits between half and all of the delay with equal jitter", () => {
    expect(backoffDelay(3, 1_000, 60_000, "equal", () => 0)).toBe(2_000);
    expect(backoffDelay(3, 1_000, 60_000, "equal", () => 0.999_999)).toBe(4_000);
    expect(backoffDelay(3, 1_000, 60_000, "equal", () => 0.5)).toBe(3_000);
  });

  it("waits between zero and all of the delay with full jitter", () => {
    expect(backoffDelay(2, 1_000, 60_000, "full", () => 0)).toBe(0);
    expect(backoffDelay(2, 1_000, 60_000, "full", () => 0.25)).toBe(500);
  });

  it("spreads retries of clients that failed together", () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4, 1_000, 60_000, "equal")));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(4_000);
      expect(delay).toBeLessThanOrEqual(8_000);
    }
  });
});
