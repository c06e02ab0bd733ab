/**
 * How the Graph client retries, as plain data. Every field has a default ({@link DEFAULT_RETRY_POLICY}); callers
 * override single fields through `GraphClientOptions.retry`.
 */
export interface RetryPolicy {
  /** Attempts per logical call, the first included. A safety net; the operation deadline normally ends retrying. */
  maxAttempts: number;
  /** Response statuses that are retried (Graph's transient answers). */
  retryStatuses: readonly number[];
  /** Network failure codes that are retried (the connection broke before a response came). */
  retryNetworkCodes: readonly string[];
  /** Whether an attempt that ran past its attempt timeout is retried. */
  retryAttemptTimeouts: boolean;
  /** First backoff delay when the server gives no Retry-After, doubled per retry. */
  baseDelayMs: number;
  /** Largest backoff delay. */
  maxDelayMs: number;
  /** How the backoff delay is randomised: `equal` waits between half and all of it, `full` between 0 and all. */
  jitter: "equal" | "full" | "none";
  /** Largest wait honoured from a Retry-After header; a longer one is cut to this. */
  maxRetryAfterMs: number;
  /** First delay between the attempts that wait for a new service principal to replicate (404), doubled per retry. */
  notFoundBaseDelayMs: number;
  /** Largest delay between those attempts. */
  notFoundMaxDelayMs: number;
  /** Whether a wait that Graph asks of one request holds back every request of the client (the throttle gate). */
  throttleGate: boolean;
}

/** The defaults: Graph's retryable statuses, its SDKs' 180 s cap on Retry-After, and a gate shared by all requests. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 100,
  retryStatuses: Object.freeze([429, 503, 504]),
  retryNetworkCodes: Object.freeze([
    "ECONNRESET",
    "ECONNREFUSED",
    "ECONNABORTED",
    "EPIPE",
    "ETIMEDOUT",
    "EAI_AGAIN",
    "ENETUNREACH",
    "EHOSTUNREACH",
    "ENETDOWN",
    "ERR_STREAM_PREMATURE_CLOSE",
  ]),
  retryAttemptTimeouts: true,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  jitter: "equal",
  maxRetryAfterMs: 180_000,
  notFoundBaseDelayMs: 1_000,
  notFoundMaxDelayMs: 15_000,
  throttleGate: true,
});

/**
 * Merges overrides into the defaults and checks the result, so a bad value fails when the client is built rather
 * than in the middle of a deployment.
 *
 * @param overrides - fields to change
 * @throws RangeError when a number is negative, not finite, or `maxAttempts` is below 1
 */
export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...withoutUndefined(overrides) };
  const durations = [
    "baseDelayMs",
    "maxDelayMs",
    "maxRetryAfterMs",
    "notFoundBaseDelayMs",
    "notFoundMaxDelayMs",
  ] as const;
  for (const name of durations) {
    assertDuration(`retry.${name}`, policy[name]);
  }
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new RangeError(`retry.maxAttempts must be an integer of at least 1, got ${String(policy.maxAttempts)}.`);
  }
  if (!["equal", "full", "none"].includes(policy.jitter)) {
    throw new RangeError(`retry.jitter must be "equal", "full" or "none", got ${String(policy.jitter)}.`);
  }
  return policy;
}

/**
 * Checks that a duration option is a finite number of milliseconds, zero or more.
 *
 * @param name - the option's name, for the message
 * @param value - the value given
 * @throws RangeError when it is not
 */
export function assertDuration(name: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number of milliseconds, zero or more, got ${String(value)}.`);
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
