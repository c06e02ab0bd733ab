import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY, resolveRetryPolicy } from "../../../provider/graph/retryPolicy";

describe("resolveRetryPolicy", () => {
  it("retries Graph's transient statuses and caps Retry-After at 180 s by default", () => {
    const policy = resolveRetryPolicy();
    expect(policy.retryStatuses).toEqual([429, 503, 504]);
    expect(policy.maxRetryAfterMs).toBe(180_000);
    expect(policy.throttleGate).toBe(true);
    expect(policy.retryNetworkCodes).toContain("ECONNRESET");
  });

  it("overrides single fields and keeps the rest", () => {
    const policy = resolveRetryPolicy({ throttleGate: false, maxAttempts: 3 });
    expect(policy.throttleGate).toBe(false);
    expect(policy.maxAttempts).toBe(3);
    expect(policy.baseDelayMs).toBe(DEFAULT_RETRY_POLICY.baseDelayMs);
  });

  it("ignores fields explicitly set to undefined", () => {
    expect(resolveRetryPolicy({ baseDelayMs: undefined } as never).baseDelayMs).toBe(DEFAULT_RETRY_POLICY.baseDelayMs);
  });

  it("does not let one caller's overrides change the defaults", () => {
    resolveRetryPolicy({ maxDelayMs: 5 });
    expect(DEFAULT_RETRY_POLICY.maxDelayMs).toBe(30_000);
    expect(Object.isFrozen(DEFAULT_RETRY_POLICY)).toBe(true);
  });

  it.each([
    [{ baseDelayMs: -1 }, /retry\.baseDelayMs/],
    [{ maxRetryAfterMs: Number.NaN }, /retry\.maxRetryAfterMs/],
    [{ maxDelayMs: Number.POSITIVE_INFINITY }, /retry\.maxDelayMs/],
    [{ maxAttempts: 0 }, /retry\.maxAttempts/],
    [{ maxAttempts: 1.5 }, /retry\.maxAttempts/],
    [{ jitter: "random" as never }, /retry\.jitter/],
  ])("rejects %j when the client is built", (overrides, message) => {
    expect(() => resolveRetryPolicy(overrides)).toThrow(message);
  });
});
