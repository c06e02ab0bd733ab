import type { GraphApiVersion } from "./types";

const RETRY_POLICY = {
  /** Attempts per logical call, the first included: a safety net, the operation deadline normally ends retrying. */
  maxAttempts: 100,
  /** Response statuses that are retried: Graph's transient answers. */ retryStatuses: [429, 503, 504] as readonly number[],
  /** Network failure codes that are retried: the connection broke before a response came. */
  retryNetworkCodes: [
    "ECONNRESET", "ECONNREFUSED", "ECONNABORTED", "EPIPE", "ETIMEDOUT",
    "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "ENETDOWN", "ERR_STREAM_PREMATURE_CLOSE",
  ] as readonly string[],
  /** Whether an attempt that ran past its attempt timeout is retried. */ retryAttemptTimeouts: true as boolean,
  /** First backoff delay when the server gives no Retry-After, doubled per retry, up to the next. */ baseDelayMs: 1_000,
  /** Largest backoff delay. */ maxDelayMs: 30_000,
  /** `equal` waits between half and all of the backoff, `full` between 0 and all. */ jitter: "equal" as "equal" | "full" | "none",
  /** Largest wait honoured from a Retry-After header (Graph's SDKs' cap); a longer one is cut to this. */ maxRetryAfterMs: 180_000,
  /** First delay between attempts that wait for a new service principal to replicate, doubled per retry. */ replicationBaseDelayMs: 1_000,
  /** Largest delay between those attempts. */ replicationMaxDelayMs: 15_000,
  /** Whether a wait Graph asks of one request holds back every request of the client (the throttle gate). */ throttleGate: true as boolean,
};

/** How the Graph client retries, as plain data (see `DEFAULTS.retry`); `GraphClientOptions.retry` overrides fields. */
export type RetryPolicy = Readonly<typeof RETRY_POLICY>;

/** Every default of the provider, in one place; settings override the user-facing ones. */
export const DEFAULTS = Object.freeze({
  /** The Graph API version of a resource that names none, in a stack without `graphsync:apiVersion`. */
  apiVersion: "v1.0" as GraphApiVersion,
  /** Deadline of one operation (all attempts, waits and pages). */ operationTimeoutMs: 300_000,
  /** How long a write waits out the answers of a service principal that is still replicating. */ consistencyWindowMs: 120_000,
  /** Wall-clock limit of one HTTP attempt. */ attemptTimeoutMs: 30_000,
  /** The User-Agent header of Graph requests. */ userAgent: "pulumi-graph-sync",
  /** Largest Graph response body accepted. */ maxResponseBytes: 4 * 1024 * 1024,
  /** Largest request body sent; a PUT of all 45 keys with long values stays far below it. */ maxRequestBytes: 1024 * 1024,
  /** Pages of a listing followed at most; 45 keys never need this many, a server that keeps linking is broken. */ maxPages: 100,
  /** After throttling the gate reopens to one attempt and doubles per success; past this it stops counting. */ throttleGateMaxWindow: 32,
  /** The retry policy. */ retry: Object.freeze(RETRY_POLICY) as RetryPolicy,
  /** Access tokens: renewed this long before expiry, in the background. */ tokenRenewBeforeExpiryMs: 300_000,
  /** Access tokens are not handed out this close to expiry, so none expires in flight. */ tokenMinimumValidityMs: 30_000,
  /** After a failed background renewal, the next try waits this long. */ tokenRetryAfterFailureMs: 10_000,
  /** Budget of one request to a CI system's OIDC token endpoint. */ oidcRequestTimeoutMs: 30_000,
  /** Largest answer read from a CI system's OIDC token endpoint; its JSON with one token is a few KiB. */ maxOidcResponseBytes: 64 * 1024,
});
