import { describe, expect, it } from "vitest";
import { DEFAULTS } from "../../../provider/defaults";
import { backoffDelay, replicationLagRetry, RETRY_STRATEGIES, throttlingRetry, transientFailureRetry, type RetryState } from "../../../provider/graph/retry";
import type { AttemptResult } from "../../../provider/graph/transport";
import { fail, respond } from "./scriptedTransport";

const NOW = Date.parse("2026-11-30T10:00:00Z");

function state(result: AttemptResult, more: Partial<RetryState> = {}): RetryState {
  return { result, attempt: 1, replicationRetries: 0, awaitReplication: true, policy: { ...DEFAULTS.retry, jitter: "none" }, now: NOW, ...more };
}

/** What the runner does: the first strategy that answers decides. */
function decide(result: AttemptResult, more: Partial<RetryState> = {}) {
  for (const strategy of RETRY_STRATEGIES) {
    const directive = strategy.retry(state(result, more));
    if (directive !== undefined) return { strategy: strategy.name, ...directive };
  }
  return undefined;
}

describe("the default retry policy", () => {
  it("retries Graph's transient statuses, caps Retry-After at 180 s and shares one gate", () => {
    expect(DEFAULTS.retry.retryStatuses).toEqual([429, 503, 504]);
    expect(DEFAULTS.retry.maxRetryAfterMs).toBe(180_000);
    expect(DEFAULTS.retry.throttleGate).toBe(true);
    expect(Object.isFrozen(DEFAULTS.retry)).toBe(true);
  });
});

describe("retry strategies", () => {
  it("hold every request back on a 429, with or without Retry-After", () => {
    expect(decide(respond(429, "", { "retry-after": "2" }))).toEqual({ strategy: "throttling", delayMs: 2_000, retryAfterMs: 2_000, holdGate: true, window: "deadline" });
    expect(decide(respond(429))).toMatchObject({ strategy: "throttling", delayMs: 1_000, holdGate: true });
  });

  it("hold every request back on a 503 only when Graph says how long", () => {
    expect(decide(respond(503, "", { "retry-after": "3" }))).toMatchObject({ holdGate: true, delayMs: 3_000 });
    expect(decide(respond(503))).toMatchObject({ holdGate: false, delayMs: 1_000 });
  });

  it("cap a very long Retry-After", () => {
    expect(decide(respond(429, "", { "retry-after": "3600" }))).toMatchObject({ delayMs: 180_000, retryAfterMs: 3_600_000 });
  });

  it("wait out a replicating principal's answers within the consistency window only when allowed, with their own backoff", () => {
    const replicating = { strategy: "replicationLag", delayMs: 4_000, holdGate: false, window: "consistencyWindow" };
    for (const [status, graphError] of [
      [404, { code: "Request_ResourceNotFound" }],
      [400, { code: "Request_BadRequest", innerCode: "NoBackingApplicationObject" }],
      [403, { code: "Authorization_RequestDenied" }],
      [409, { code: "Directory_ConcurrencyViolation" }],
      [401, { code: "UnknownError" }],
    ] as const) {
      expect(decide(respond(status), { replicationRetries: 2, graphError })).toEqual(replicating);
      expect(decide(respond(status), { awaitReplication: false, graphError })).toBeUndefined();
    }
    // Not Graph's answer, or about the token: never replication lag.
    expect(decide(respond(404, "<html></html>"))).toBeUndefined();
    expect(decide(respond(401), { graphError: { code: "InvalidAuthenticationToken" } })).toBeUndefined();
    expect(DEFAULTS.retry).toMatchObject({ replicationBaseDelayMs: 1_000, replicationMaxDelayMs: 15_000 });
  });

  it("retry timeouts and transient network failures with backoff, and nothing else", () => {
    expect(decide(fail("timeout", "ATTEMPT_TIMEOUT"), { attempt: 3 })).toEqual({ strategy: "transientFailure", delayMs: 4_000, holdGate: false, window: "deadline" });
    expect(decide(fail("network", "ECONNRESET"))).toMatchObject({ strategy: "transientFailure" });
    for (const result of [fail("network", "CERT_HAS_EXPIRED"), fail("tooLarge", "MAX_CONTENT_LENGTH"), respond(500), respond(401), respond(400)]) {
      expect(decide(result)).toBeUndefined();
    }
  });

  it("leave timeouts alone when the policy says so", () => {
    expect(decide(fail("timeout", "ATTEMPT_TIMEOUT"), { policy: { ...DEFAULTS.retry, retryAttemptTimeouts: false } })).toBeUndefined();
  });

  it("are small objects with a name each, asked in order", () => {
    expect(RETRY_STRATEGIES).toEqual([throttlingRetry, replicationLagRetry, transientFailureRetry]);
    expect(RETRY_STRATEGIES.map((strategy) => strategy.name)).toEqual(["throttling", "replicationLag", "transientFailure"]);
  });
});

describe("backoffDelay", () => {
  it("doubles from the base delay without jitter", () => {
    expect([1, 2, 3, 4].map((retry) => backoffDelay(retry, 1_000, 60_000, "none"))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it("never passes the cap, even for huge retry numbers", () => {
    expect(backoffDelay(10, 1_000, 30_000, "none")).toBe(30_000);
    expect(backoffDelay(5_000, 1_000, 30_000, "none")).toBe(30_000);
  });

  it("waits between half and all of the delay with equal jitter, between zero and all with full jitter", () => {
    expect(backoffDelay(3, 1_000, 60_000, "equal", () => 0)).toBe(2_000);
    expect(backoffDelay(3, 1_000, 60_000, "equal", () => 0.999_999)).toBe(4_000);
    expect(backoffDelay(3, 1_000, 60_000, "equal", () => 0.5)).toBe(3_000);
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
