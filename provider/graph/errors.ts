import { isPlainObject, parseJsonObject } from "../core/json";
import { keepExpected } from "../diagnostics/sanitizer";
import type { AttemptResult } from "./transport";

/** What went wrong; the synchronization service's 401 `UnknownError` is a missing permission, as a 403 is. */
export type GraphErrorKind =
  | "permission" | "authentication" | "notFound" | "throttled" | "invalidRequest" | "server" | "timeout" | "network"
  | "unexpectedResponse";

/** Why retrying stopped, when a retryable failure was not retried any more. */
export type RetryStop = "deadline" | "maxAttempts" | "consistencyWindow";

/** The last attempt, summarised: the error's `cause`. No header, no body, no URL query; only facts safe to print. */
export interface GraphAttemptSummary {
  /** 1 for the first attempt. */ readonly attempt: number;
  /** HTTP status, 0 when no response came. */ readonly status: number;
  /** The network failure (`ECONNRESET`, `ATTEMPT_TIMEOUT`, ...), when no response came. */ readonly networkCode?: string;
  /** Graph's `error.code`, when a response came. */ readonly graphCode?: string;
  /** The wait the response asked for through Retry-After, in milliseconds. */ readonly retryAfterMs?: number;
  /** Wall time of the attempt in milliseconds. */ readonly durationMs: number;
}

/** The facts a {@link GraphRequestError} carries: every field but `lastAttempt` becomes a field of the error. */
export interface GraphRequestErrorDetails {
  /** What went wrong. */ readonly kind: GraphErrorKind;
  /** HTTP method of the failed call. */ readonly method: string;
  /** Request path relative to the Graph origin, query values redacted. */ readonly path: string;
  /** HTTP status of the last response; 0 when no response came. */ readonly status: number;
  /** Graph's `error.code`. */ readonly code?: string;
  /** The synchronization service's own code, packed into `error.message` as JSON. */ readonly innerCode?: string;
  /** Graph's own explanation (the packed message, else `error.message`), scrubbed of the call's values, on one line. */
  readonly graphMessage?: string;
  /** Graph's `request-id` of the last response. */ readonly requestId?: string;
  /** The `client-request-id` sent with every attempt of the call. */ readonly clientRequestId: string;
  /** Graph's `date` of the last response. */ readonly date?: string;
  /** Attempts made. */ readonly attempts: number;
  /** Time from the start of the operation to the failure, in milliseconds. */ readonly elapsedMs: number;
  /** The service principal the call was about. */ readonly servicePrincipalId?: string;
  /** Why retrying stopped, when the failure was retryable. */ readonly stoppedBy?: RetryStop;
  /** The network failure code when no response came. */ readonly networkCode?: string;
  /** The last attempt, summarised; becomes the error's `cause`. */ readonly lastAttempt?: GraphAttemptSummary;
}

/** The fields of a {@link GraphRequestError}: its details, as documented there. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- see the class
export interface GraphRequestError extends Omit<GraphRequestErrorDetails, "lastAttempt"> {}

/**
 * The Graph client's one error: a message saying what to do, fields to branch on and ids to quote to support; never a
 * header, body, secret, query value or transport error (`cause` is a plain {@link GraphAttemptSummary}).
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class GraphRequestError extends Error {
  /** @param details - the facts; `lastAttempt` becomes `cause` */
  constructor(message: string, details: GraphRequestErrorDetails) {
    const { lastAttempt, ...facts } = details;
    super(message, lastAttempt === undefined ? undefined : { cause: lastAttempt });
    this.name = "GraphRequestError";
    // Only the facts that are known, so the error prints without a row of undefined fields.
    Object.assign(this, defined(facts));
  }
}

/** What a Graph error body says, read defensively. All fields are unvalidated server text. */
export interface GraphErrorBody {
  /** `error.code`, e.g. `Authorization_RequestDenied`. */ code?: string;
  /** `error.message`; for the synchronization service often empty, or JSON. */ message?: string;
  /** The code of the error packed as JSON into the message, else of `error.details[0]`, else `error.innerError.code`. */
  innerCode?: string;
  /** The message of that packed error. */ innerMessage?: string;
  /** `error.innerError.request-id`. */ requestId?: string;
  /** `error.innerError.date`. */ date?: string;
}

/** Reads a Graph error body (`{"error":{"code","message","innerError":{...}}}`). Never throws; a foreign body gives `{}`. */
export function parseGraphErrorBody(body: string): GraphErrorBody {
  const error = field(parseJsonObject(body), "error");
  const innerError = field(error, "innerError") ?? field(error, "innererror");
  const message = text(field(error, "message"));
  const packed = field(parseJsonObject(message ?? ""), "error");
  const details = field(error, "details");
  const firstDetail: unknown = Array.isArray(details) ? details[0] : undefined;
  return defined({
    code: text(field(error, "code")),
    message,
    // Directory errors carry the specific code in `details` (400 Request_BadRequest, NoBackingApplicationObject).
    innerCode: text(field(isPlainObject(packed) ? packed : isPlainObject(firstDetail) ? firstDetail : innerError, "code")),
    innerMessage: text(field(packed, "message")),
    requestId: text(field(innerError, "request-id")),
    date: text(field(innerError, "date")),
  });
}

/** Graph's own "not found" codes: the directory's (a service principal) and the synchronization service's. */
const NOT_FOUND_CODES: ReadonlySet<string> = new Set(["Request_ResourceNotFound", "ResourceNotFound"]);

/** The kind of a failure: a 401 is a permission gap unless Graph names a token problem; a 404 is `notFound` only with Graph's own error. */
export function classifyFailure(result: AttemptResult, graphError: GraphErrorBody | undefined): { kind: GraphErrorKind; detail?: string } {
  if (result.type === "failure") {
    const tooLarge = { kind: "unexpectedResponse", detail: "the response passed the size limit" } as const;
    return result.failure === "tooLarge" ? tooLarge : { kind: result.failure };
  }
  const { status } = result;
  if (status === 401) return { kind: isTokenProblem(result, graphError) ? "authentication" : "permission" };
  if (status >= 300 && status < 400) {
    return { kind: "unexpectedResponse", detail: "Graph answered with a redirect, which the client does not follow" };
  }
  if (status === 404 && !NOT_FOUND_CODES.has(graphError?.code ?? "")) {
    const type = keepExpected(result.headers["content-type"], "mediaType")?.trim();
    const what = graphError?.code === undefined ? "no Graph error" : "not Graph's not-found error";
    const detail =
      `the 404 carries ${what} (content type ${type || "none"}), so it does not say that the service principal is gone; ` +
      "a proxy, or a graphsync:graphEndpoint that is not Microsoft Graph, may have answered";
    return { kind: "unexpectedResponse", detail };
  }
  const byStatus = status === 403 ? "permission" : status === 404 ? "notFound" : status === 429 ? "throttled" : undefined;
  const kind = byStatus ?? (status >= 500 ? "server" : status >= 400 ? "invalidRequest" : undefined);
  return kind ? { kind } : { kind: "unexpectedResponse", detail: `status ${status} is not an answer the client expects` };
}

/** Whether an answer is one a service principal (or job) created moments ago gives while it replicates (reference §1.3, §2.6). */
export function isReplicationAnswer(result: AttemptResult, graphError: GraphErrorBody | undefined): boolean {
  if (result.type !== "response" || graphError?.code === undefined) return false;
  const { status } = result;
  return (
    (status === 404 && NOT_FOUND_CODES.has(graphError.code)) ||
    (status === 400 && (graphError.innerCode === "NoBackingApplicationObject" || graphError.code === "NoBackingApplicationObject")) ||
    (status === 403 && graphError.code === "Authorization_RequestDenied") ||
    status === 409 ||
    (status === 401 && !isTokenProblem(result, graphError))
  );
}

/** A 401 about the token (Entra's or Graph's `InvalidAuthenticationToken`), not about what the identity may do. */
function isTokenProblem(result: AttemptResult & { type: "response" }, graphError: GraphErrorBody | undefined): boolean {
  return /token/i.test(graphError?.code ?? "") || /invalid_token/i.test(result.headers["www-authenticate"] ?? "");
}

/** The object without its undefined fields: facts that are not known are left out, not set to undefined. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

// Own members only: a body is data, and nothing of Object.prototype is an answer.
const field = (value: unknown, name: string): unknown => isPlainObject(value) && Object.hasOwn(value, name) ? value[name] : undefined;

const text = (value: unknown): string | undefined => typeof value === "string" ? value : undefined;
