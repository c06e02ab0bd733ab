import type { AttemptResult } from "./attemptResult";
import { backoffDelay } from "./backoff";
import type { GraphErrorKind } from "./graphRequestError";
import { parseRetryAfter } from "./retryAfter";
import type { RetryPolicy } from "./retryPolicy";

/** What to do after an attempt. */
export type RetryDecision =
  | { action: "succeed" }
  | { action: "fail"; kind: GraphErrorKind; detail?: string }
  | {
      action: "retry";
      /** The kind of error to raise if the retry cannot be made after all (deadline, attempt limit, window). */
      kind: GraphErrorKind;
      /** How long to wait before the retry. */
      delayMs: number;
      /** The wait the server asked for, before the cap, when it asked. */
      retryAfterMs?: number;
      /** Whether every request of the client must wait too (the server throttled). */
      holdGate: boolean;
      /** What bounds the retries: the operation deadline, or the consistency window for a missing principal. */
      boundary: "deadline" | "consistencyWindow";
    };

/** The context of a decision besides the attempt's result. */
export interface RetryContext {
  /** The retry policy. */
  policy: RetryPolicy;
  /** The number of the attempt that just ended, from 1. */
  attempt: number;
  /** How many 404s of this call were retried so far. */
  notFoundRetries: number;
  /** Whether a 404 may be replication lag (a secrets path, and the caller allows it). */
  retryNotFound: boolean;
  /** Graph's `error.code`, already parsed from the body. */
  graphCode?: string;
  /** The current time, epoch ms. */
  now: number;
  /** Source of randomness for jitter. */
  random?: () => number;
}

/**
 * Decides, from one attempt's result alone, whether the call succeeded, failed for good, or should be retried and
 * after how long. Limits that depend on the whole call (deadline, attempt limit, window end) are applied by the
 * caller.
 *
 * @param result - what the attempt produced
 * @param context - the policy and the call's state
 */
export function decideRetry(result: AttemptResult, context: RetryContext): RetryDecision {
  const { policy } = context;
  if (result.type === "failure") {
    return decideOnFailure(result.failure, result.code, context);
  }
  const { status } = result;
  if (status >= 200 && status < 300) {
    return { action: "succeed" };
  }
  if (policy.retryStatuses.includes(status)) {
    const retryAfterMs = parseRetryAfter(result.headers["retry-after"], context.now);
    const kind: GraphErrorKind = status === 429 ? "throttled" : status >= 500 ? "server" : "invalidRequest";
    const delayMs =
      retryAfterMs === undefined
        ? backoffDelay(context.attempt, policy.baseDelayMs, policy.maxDelayMs, policy.jitter, context.random)
        : Math.min(retryAfterMs, policy.maxRetryAfterMs);
    return {
      action: "retry",
      kind,
      delayMs,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      // A 429 always means the quota is spent; any other status only when the server says how long to hold off.
      holdGate: status === 429 || retryAfterMs !== undefined,
      boundary: "deadline",
    };
  }
  if (status === 404 && context.retryNotFound) {
    const delayMs = backoffDelay(
      context.notFoundRetries + 1,
      policy.notFoundBaseDelayMs,
      policy.notFoundMaxDelayMs,
      policy.jitter,
      context.random,
    );
    return { action: "retry", kind: "notFound", delayMs, holdGate: false, boundary: "consistencyWindow" };
  }
  return { action: "fail", ...classifyStatus(status, context.graphCode, result.headers) };
}

function decideOnFailure(
  failure: "timeout" | "aborted" | "network" | "tooLarge",
  code: string,
  context: RetryContext,
): RetryDecision {
  const { policy } = context;
  const backoff = (): number =>
    backoffDelay(context.attempt, policy.baseDelayMs, policy.maxDelayMs, policy.jitter, context.random);
  switch (failure) {
    case "aborted":
      return { action: "fail", kind: "cancelled" };
    case "tooLarge":
      return { action: "fail", kind: "unexpectedResponse", detail: "the response passed the size limit" };
    case "timeout":
      return policy.retryAttemptTimeouts
        ? { action: "retry", kind: "timeout", delayMs: backoff(), holdGate: false, boundary: "deadline" }
        : { action: "fail", kind: "timeout" };
    case "network":
      return policy.retryNetworkCodes.includes(code)
        ? { action: "retry", kind: "network", delayMs: backoff(), holdGate: false, boundary: "deadline" }
        : { action: "fail", kind: "network" };
  }
}

// 401 from the synchronization service usually means a missing permission or ownership (it answers UnknownError
// with an empty message); only a token problem that Graph names as such is reported as authentication.
const TOKEN_CODES = /token/i;

function classifyStatus(
  status: number,
  graphCode: string | undefined,
  headers: Readonly<Record<string, string>>,
): { kind: GraphErrorKind; detail?: string } {
  if (status === 401) {
    const tokenProblem =
      (graphCode !== undefined && TOKEN_CODES.test(graphCode)) ||
      /invalid_token/i.test(headers["www-authenticate"] ?? "");
    return { kind: tokenProblem ? "authentication" : "permission" };
  }
  if (status === 403) {
    return { kind: "permission" };
  }
  if (status === 404) {
    return { kind: "notFound" };
  }
  if (status >= 300 && status < 400) {
    return { kind: "unexpectedResponse", detail: "Graph answered with a redirect, which the client does not follow" };
  }
  if (status >= 500) {
    return { kind: "server" };
  }
  if (status >= 400) {
    return { kind: "invalidRequest" };
  }
  return { kind: "unexpectedResponse", detail: `status ${status} is not an answer the client expects` };
}
