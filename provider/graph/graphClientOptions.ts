import { silentLogger, type DebugLogger } from "../diagnostics/debugLogger";
import { MAX_TIMER_DELAY_MS } from "./abortableDelay";
import type { AttemptTransport } from "./attemptResult";
import { assertDuration, resolveRetryPolicy, type RetryPolicy } from "./retryPolicy";

/** Options of `GraphClient`. Only `graphEndpoint` and `getAccessToken` are required. */
export interface GraphClientOptions {
  /** The Graph origin, for example `https://graph.microsoft.com`, or an emulator's origin. Must be https. */
  graphEndpoint: string;
  /** Returns a bearer token for the Graph endpoint. Called before every attempt; the token source caches. */
  getAccessToken: () => Promise<string>;
  /** Wall-clock limit of one attempt in milliseconds. Default 30 000. */
  attemptTimeoutMs?: number;
  /** Deadline of one operation (all attempts, waits and pages) in milliseconds. Default 300 000. */
  operationTimeoutMs?: number;
  /** How long a 404 on a service principal's secrets is retried as replication lag, in milliseconds. Default 120 000. */
  consistencyWindowMs?: number;
  /** Overrides of the retry policy; see `RetryPolicy`. */
  retry?: Partial<RetryPolicy>;
  /** Where per-attempt debug lines go. Default: nothing is logged. */
  logger?: DebugLogger;
  /** The User-Agent header. Default `pulumi-graph-sync`. */
  userAgent?: string;
  /** Largest response body accepted, in bytes. Default 4 MiB. */
  maxResponseBytes?: number;
  /** Replaces the HTTP layer; for tests of the retry logic. */
  transport?: AttemptTransport;
}

/** Options of one `putSecrets` or `listSecrets` call. */
export interface SecretsCallOptions {
  /**
   * Whether a 404 is retried for the consistency window, as replication lag of a service principal created moments
   * ago. Default true. Pass false where the principal existed before and a 404 means it is gone (read, delete).
   */
  retryNotFound?: boolean;
  /** Cancels the call; the client then throws a `GraphRequestError` of kind `cancelled`. */
  signal?: AbortSignal;
}

/** {@link GraphClientOptions} with every default applied and every value checked. */
export interface GraphClientSettings {
  /** The Graph origin, `https://host[:port]`. */
  origin: string;
  /** The token source. */
  getAccessToken: () => Promise<string>;
  /** Per-attempt limit, ms. */
  attemptTimeoutMs: number;
  /** Per-operation deadline, ms. */
  operationTimeoutMs: number;
  /** 404 retry window, ms. */
  consistencyWindowMs: number;
  /** The complete retry policy. */
  retry: RetryPolicy;
  /** The debug logger. */
  logger: DebugLogger;
  /** The User-Agent header. */
  userAgent: string;
  /** Largest response body, bytes. */
  maxResponseBytes: number;
  /** Largest request body, bytes. */
  maxRequestBytes: number;
}

/** The defaults, in one place. */
export const GRAPH_CLIENT_DEFAULTS = Object.freeze({
  attemptTimeoutMs: 30_000,
  operationTimeoutMs: 300_000,
  consistencyWindowMs: 120_000,
  userAgent: "pulumi-graph-sync",
  maxResponseBytes: 4 * 1024 * 1024,
  // A PUT of all 45 keys with long values stays far below this.
  maxRequestBytes: 1024 * 1024,
});

/**
 * Applies the defaults to client options and checks them.
 *
 * @param options - what the caller gave
 * @throws TypeError for a missing token source or an endpoint that is not an https origin
 * @throws RangeError for a negative or non-finite duration
 */
export function resolveGraphClientSettings(options: GraphClientOptions): GraphClientSettings {
  if (typeof options.getAccessToken !== "function") {
    throw new TypeError("getAccessToken must be a function returning a bearer token.");
  }
  const settings: GraphClientSettings = {
    origin: graphOrigin(options.graphEndpoint),
    getAccessToken: options.getAccessToken,
    attemptTimeoutMs: options.attemptTimeoutMs ?? GRAPH_CLIENT_DEFAULTS.attemptTimeoutMs,
    operationTimeoutMs: options.operationTimeoutMs ?? GRAPH_CLIENT_DEFAULTS.operationTimeoutMs,
    consistencyWindowMs: options.consistencyWindowMs ?? GRAPH_CLIENT_DEFAULTS.consistencyWindowMs,
    retry: resolveRetryPolicy(options.retry),
    logger: options.logger ?? silentLogger,
    userAgent: options.userAgent ?? GRAPH_CLIENT_DEFAULTS.userAgent,
    maxResponseBytes: options.maxResponseBytes ?? GRAPH_CLIENT_DEFAULTS.maxResponseBytes,
    maxRequestBytes: GRAPH_CLIENT_DEFAULTS.maxRequestBytes,
  };
  assertDuration("attemptTimeoutMs", settings.attemptTimeoutMs);
  assertDuration("operationTimeoutMs", settings.operationTimeoutMs);
  assertDuration("consistencyWindowMs", settings.consistencyWindowMs);
  if (settings.attemptTimeoutMs === 0 || settings.operationTimeoutMs === 0) {
    throw new RangeError("attemptTimeoutMs and operationTimeoutMs must be greater than zero.");
  }
  if (Math.max(settings.attemptTimeoutMs, settings.operationTimeoutMs, settings.consistencyWindowMs) > MAX_TIMER_DELAY_MS) {
    throw new RangeError(`Timeouts must not exceed ${MAX_TIMER_DELAY_MS} ms (about 24 days).`);
  }
  if (!Number.isInteger(settings.maxResponseBytes) || settings.maxResponseBytes < 1) {
    throw new RangeError("maxResponseBytes must be a positive integer.");
  }
  // A header value with a line break would be refused by Node at request time; refuse it here, with a clear message.
  if (/[\r\n]/.test(settings.userAgent)) {
    throw new TypeError("userAgent must not contain line breaks.");
  }
  return settings;
}

function graphOrigin(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new TypeError(`graphEndpoint must be an absolute https URL such as https://graph.microsoft.com.`);
  }
  if (url.protocol !== "https:") {
    throw new TypeError(`graphEndpoint must use https, got ${url.protocol}//${url.host}.`);
  }
  if ((url.pathname !== "/" && url.pathname !== "") || url.search !== "" || url.username !== "" || url.password !== "") {
    throw new TypeError(`graphEndpoint must be an origin only (https://host[:port]), without path, query or user info.`);
  }
  return url.origin;
}
