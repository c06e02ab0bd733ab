/**
 * What went wrong, as the caller should branch on it.
 *
 * - `permission`: the identity lacks the Graph permission or the ownership the call needs (403, or the
 *   synchronization service's 401 `UnknownError`).
 * - `authentication`: Graph rejected the access token itself (401 `InvalidAuthenticationToken`).
 * - `notFound`: the service principal does not exist (404), after the consistency window when one applied.
 * - `throttled`: Graph kept answering 429 until the deadline or the attempt limit.
 * - `invalidRequest`: Graph refused the request (400 and other 4xx); `innerCode` often says why.
 * - `server`: Graph failed (5xx), after retries when the status is retryable.
 * - `timeout`: attempts timed out until the operation deadline.
 * - `network`: no response (connection refused or reset, DNS, TLS).
 * - `cancelled`: the caller's signal aborted the call.
 * - `unexpectedResponse`: an answer the client cannot use (a redirect, a body of the wrong shape, a next-page link
 *   outside the Graph origin).
 */
export type GraphErrorKind =
  | "permission"
  | "authentication"
  | "notFound"
  | "throttled"
  | "invalidRequest"
  | "server"
  | "timeout"
  | "network"
  | "cancelled"
  | "unexpectedResponse";

/** Why retrying stopped, when a retryable failure was not retried any more. */
export type RetryStop = "deadline" | "maxAttempts" | "consistencyWindow";

/**
 * The last attempt, summarised: this is the error's `cause`. It holds no header, no body and no URL query, only
 * facts safe to print.
 */
export interface GraphAttemptSummary {
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** HTTP status, 0 when no response came. */
  readonly status: number;
  /** The network failure (`ECONNRESET`, `timeout`, ...), when no response came. */
  readonly networkCode?: string;
  /** Graph's `error.code`, when a response came. */
  readonly graphCode?: string;
  /** The wait the response asked for through Retry-After, in milliseconds. */
  readonly retryAfterMs?: number;
  /** Wall time of the attempt in milliseconds. */
  readonly durationMs: number;
}

/** The facts a {@link GraphRequestError} carries. */
export interface GraphRequestErrorDetails {
  /** What went wrong. */
  kind: GraphErrorKind;
  /** HTTP method of the failed call. */
  method: string;
  /** Request path relative to the Graph origin, query values redacted. */
  path: string;
  /** HTTP status of the last response; 0 when no response came. */
  status: number;
  /** Graph's `error.code`. */
  code?: string;
  /** The synchronization service's own error code, packed into `error.message` as JSON. */
  innerCode?: string;
  /** Graph's `request-id` of the last response. */
  requestId?: string;
  /** The `client-request-id` sent with every attempt of the call. */
  clientRequestId: string;
  /** Graph's `date` of the last response. */
  date?: string;
  /** Attempts made. */
  attempts: number;
  /** Time from the start of the operation to the failure, in milliseconds. */
  elapsedMs: number;
  /** The service principal the call was about. */
  servicePrincipalId?: string;
  /** Why retrying stopped, when the failure was retryable. */
  stoppedBy?: RetryStop;
  /** The network failure code when no response came (`ECONNRESET`, `timeout`, ...). */
  networkCode?: string;
  /** The last attempt, summarised; becomes the error's `cause`. */
  lastAttempt?: GraphAttemptSummary;
}

/** The `name` of every {@link GraphRequestError}. */
export const GraphRequestErrorName = "GraphRequestError";

/**
 * The one error the Graph client throws. Its message says what happened and what to do; its fields let callers
 * branch (`kind`, `status`) and let users quote ids to Microsoft support. It never holds a header, a request body, a
 * secret value, a query value or a transport error: `cause` is a plain {@link GraphAttemptSummary}.
 */
export class GraphRequestError extends Error {
  /** Always `"GraphRequestError"`. */
  override readonly name = GraphRequestErrorName;
  /** What went wrong. */
  readonly kind: GraphErrorKind;
  /** HTTP method. */
  readonly method: string;
  /** Request path, query values redacted. */
  readonly path: string;
  /** HTTP status of the last response, 0 when none came. */
  readonly status: number;
  /** Graph's `error.code`. */
  declare readonly code?: string;
  /** The synchronization service's inner error code. */
  declare readonly innerCode?: string;
  /** Graph's `request-id`. */
  declare readonly requestId?: string;
  /** The `client-request-id` of the call. */
  readonly clientRequestId: string;
  /** Graph's `date`. */
  declare readonly date?: string;
  /** Attempts made. */
  readonly attempts: number;
  /** Milliseconds from the start of the operation to the failure. */
  readonly elapsedMs: number;
  /** The service principal the call was about. */
  declare readonly servicePrincipalId?: string;
  /** Why retrying stopped. */
  declare readonly stoppedBy?: RetryStop;
  /** The network failure code when no response came. */
  declare readonly networkCode?: string;

  /**
   * @param message - the readable explanation (built by `describeGraphFailure`)
   * @param details - the facts; `lastAttempt` becomes `cause`
   */
  constructor(message: string, details: GraphRequestErrorDetails) {
    super(message, details.lastAttempt === undefined ? undefined : { cause: details.lastAttempt });
    this.kind = details.kind;
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.clientRequestId = details.clientRequestId;
    this.attempts = details.attempts;
    this.elapsedMs = details.elapsedMs;
    // Optional facts are set only when known, so the error prints without a row of undefined fields.
    if (details.code !== undefined) this.code = details.code;
    if (details.innerCode !== undefined) this.innerCode = details.innerCode;
    if (details.requestId !== undefined) this.requestId = details.requestId;
    if (details.date !== undefined) this.date = details.date;
    if (details.servicePrincipalId !== undefined) this.servicePrincipalId = details.servicePrincipalId;
    if (details.stoppedBy !== undefined) this.stoppedBy = details.stoppedBy;
    if (details.networkCode !== undefined) this.networkCode = details.networkCode;
  }
}

/**
 * Whether a value is a {@link GraphRequestError}; checks the name too, so it also recognises one created by another
 * copy of this package.
 *
 * @param value - anything caught
 */
export function isGraphRequestError(value: unknown): value is GraphRequestError {
  return value instanceof GraphRequestError || (value instanceof Error && value.name === GraphRequestErrorName);
}

/**
 * Whether a value is a {@link GraphRequestError} saying the service principal does not exist.
 *
 * @param value - anything caught
 */
export function isNotFoundError(value: unknown): value is GraphRequestError {
  return isGraphRequestError(value) && value.kind === "notFound";
}
