import type { RetryPolicy } from "../defaults";
import { isReplicationAnswer, type GraphErrorBody } from "./errors";
import type { AttemptResult } from "./transport";

/** What a retry strategy sees: the attempt that did not succeed, and where the call stands. */
export interface RetryState {
  /** What the attempt produced (never a 2xx response). */ readonly result: AttemptResult;
  /** Graph's error body of that response, when it had one. */ readonly graphError?: GraphErrorBody;
  /** The number of the attempt that just ended, from 1. */ readonly attempt: number;
  /** How many answers of this call were retried so far as replication lag. */ readonly replicationRetries: number;
  /** Whether a replicating principal's answers are waited out (the call's `awaitReplication`). */ readonly awaitReplication: boolean;
  readonly policy: RetryPolicy;
  /** The current time, epoch ms. */ readonly now: number;
  /** Source of randomness for jitter; `Math.random` by default. */ readonly random?: () => number;
}

/** How to retry; the limits of the whole call (deadline, attempt limit, window end) are the runner's. */
export interface RetryDirective {
  /** How long to wait before the retry. */ readonly delayMs: number;
  /** The wait the server asked for, before the cap, when it asked. */ readonly retryAfterMs?: number;
  /** Whether every request of the client must wait too (the server throttled). */ readonly holdGate: boolean;
  /** What bounds the retries: the operation deadline, or the consistency window. */ readonly window: "deadline" | "consistencyWindow";
}

/** One reason to retry, as a small object: `retry` says how, or `undefined` to leave the result to the next strategy. */
export interface RetryStrategy {
  readonly name: string;
  retry(state: RetryState): RetryDirective | undefined;
}

/** Graph's transient answers (429, 503, 504 by default): the wait it asks for, else backoff. */
export const throttlingRetry: RetryStrategy = {
  name: "throttling",
  retry({ result, policy, attempt, now, random }) {
    if (result.type !== "response" || !policy.retryStatuses.includes(result.status)) return undefined;
    const retryAfterMs = parseRetryAfter(result.headers["retry-after"], now);
    const backoff = () => backoffDelay(attempt, policy.baseDelayMs, policy.maxDelayMs, policy.jitter, random);
    const delayMs = retryAfterMs === undefined ? backoff() : Math.min(retryAfterMs, policy.maxRetryAfterMs);
    // A 429 always means the quota is spent; any other status only when the server says how long to hold off.
    const holdGate = result.status === 429 || retryAfterMs !== undefined;
    return { delayMs, ...(retryAfterMs === undefined ? {} : { retryAfterMs }), holdGate, window: "deadline" };
  },
};

/** What a service principal created moments ago answers while it replicates (see `isReplicationAnswer`): waited out. */
export const replicationLagRetry: RetryStrategy = {
  name: "replicationLag",
  retry({ result, graphError, awaitReplication, replicationRetries, policy, random }) {
    if (!awaitReplication || !isReplicationAnswer(result, graphError)) return undefined;
    const { replicationBaseDelayMs, replicationMaxDelayMs, jitter } = policy;
    const delayMs = backoffDelay(replicationRetries + 1, replicationBaseDelayMs, replicationMaxDelayMs, jitter, random);
    return { delayMs, holdGate: false, window: "consistencyWindow" };
  },
};

/** An attempt that timed out, or a connection that broke before a response came. */
export const transientFailureRetry: RetryStrategy = {
  name: "transientFailure",
  retry({ result, policy, attempt, random }) {
    const transient =
      result.type === "failure" &&
      ((result.failure === "timeout" && policy.retryAttemptTimeouts) ||
        (result.failure === "network" && policy.retryNetworkCodes.includes(result.code)));
    if (!transient) return undefined;
    const delayMs = backoffDelay(attempt, policy.baseDelayMs, policy.maxDelayMs, policy.jitter, random);
    return { delayMs, holdGate: false, window: "deadline" };
  },
};

/** The strategies the runner asks, in order; the first that answers decides. */
export const RETRY_STRATEGIES: readonly RetryStrategy[] = [throttlingRetry, replicationLagRetry, transientFailureRetry];

/** Backoff before retry `retry` (from 1): `baseMs * 2^(retry-1)` up to `maxMs`, jittered so clients spread out. */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, jitter: RetryPolicy["jitter"], random = Math.random): number {
  // Math.min before the power would overflow to Infinity for large retry numbers.
  const delay = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(0, retry - 1), 52));
  const share = jitter === "none" ? 1 : jitter === "full" ? random() : (1 + random()) / 2;
  return Math.round(delay * share);
}

// An HTTP-date in one of the three forms of RFC 9110 §5.6.7. Anything else (for example "-1", which Date.parse would
// read as a year) is not a date.
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC_850_DATE = /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;
const DELAY_SECONDS = /^\d+(\.\d+)?$/;

/** `Retry-After` as ms from `nowMs`: seconds (Graph sends `2.128`) or an HTTP-date; `undefined` if absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  const text = value?.trim();
  if (text === undefined) return undefined;
  if (DELAY_SECONDS.test(text)) return Math.ceil(Number(text) * 1_000);
  // asctime carries no zone but is defined as GMT; Date.parse would take it as local time.
  const date = IMF_FIXDATE.test(text) || RFC_850_DATE.test(text) ? text : ASCTIME_DATE.test(text) ? `${text} GMT` : undefined;
  const instant = date === undefined ? Number.NaN : Date.parse(date);
  return Number.isNaN(instant) ? undefined : Math.max(0, instant - nowMs);
}
