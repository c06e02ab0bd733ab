import { describe, expect, it } from "vitest";
import { decideRetry, type RetryContext } from "../../../provider/graph/retryDecision";
import { resolveRetryPolicy } from "../../../provider/graph/retryPolicy";
import { fail, respond } from "./scriptedTransport";

const CONTEXT: RetryContext = {
  policy: resolveRetryPolicy({ jitter: "none" }),
  attempt: 1,
  notFoundRetries: 0,
  retryNotFound: true,
  now: Date.parse("2026-11-30T10:00:00Z"),
};

describe("decideRetry", () => {
  it("holds every request back on a 429, with or without Retry-After", () => {
    expect(decideRetry(respond(429, "", { "retry-after": "2" }), CONTEXT)).toMatchObject({
      action: "retry",
      kind: "throttled",
      delayMs: 2_000,
      retryAfterMs: 2_000,
      holdGate: true,
    });
    expect(decideRetry(respond(429), CONTEXT)).toMatchObject({ action: "retry", delayMs: 1_000, holdGate: true });
  });

  it("holds every request back on a 503 only when Graph says how long", () => {
    expect(decideRetry(respond(503, "", { "retry-after": "3" }), CONTEXT)).toMatchObject({ kind: "server", holdGate: true });
    expect(decideRetry(respond(503), CONTEXT)).toMatchObject({ kind: "server", holdGate: false });
  });

  it("retries a 404 within the consistency window only when allowed", () => {
    expect(decideRetry(respond(404), CONTEXT)).toMatchObject({ action: "retry", boundary: "consistencyWindow" });
    expect(decideRetry(respond(404), { ...CONTEXT, retryNotFound: false })).toEqual({ action: "fail", kind: "notFound" });
  });

  it.each([
    [undefined, {}, "permission"],
    ["UnknownError", {}, "permission"],
    ["InvalidAuthenticationToken", {}, "authentication"],
    [undefined, { "www-authenticate": 'Bearer error="invalid_token"' }, "authentication"],
  ])("classifies a 401 with code %s and headers %j as %s", (graphCode, headers, kind) => {
    const context = graphCode === undefined ? CONTEXT : { ...CONTEXT, graphCode };
    expect(decideRetry(respond(401, "", headers), context)).toEqual({ action: "fail", kind });
  });

  it.each([
    [respond(200), { action: "succeed" }],
    [respond(204), { action: "succeed" }],
    [respond(403), { action: "fail", kind: "permission" }],
    [respond(409), { action: "fail", kind: "invalidRequest" }],
    [respond(500), { action: "fail", kind: "server" }],
    [fail("aborted", "ABORTED"), { action: "fail", kind: "cancelled" }],
    [fail("network", "CERT_HAS_EXPIRED"), { action: "fail", kind: "network" }],
  ])("answers %j with %j", (result, decision) => {
    expect(decideRetry(result, CONTEXT)).toMatchObject(decision);
  });

  it("does not retry timeouts when the policy says so", () => {
    const policy = resolveRetryPolicy({ retryAttemptTimeouts: false });
    expect(decideRetry(fail("timeout", "ATTEMPT_TIMEOUT"), { ...CONTEXT, policy })).toEqual({ action: "fail", kind: "timeout" });
  });
});
