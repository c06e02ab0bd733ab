import { keepExpected, printable, redactQueryValues, scrub } from "../diagnostics/sanitizer";
import {
  defined,
  GraphRequestError,
  type GraphErrorBody,
  type GraphErrorKind,
  type GraphRequestErrorDetails,
  type RetryStop,
} from "./errors";
import type { AttemptResult } from "./transport";

/** Everything known about a failed call, from which {@link buildGraphFailure} makes the error. */
export interface FailureFacts {
  /** What went wrong. */
  kind: GraphErrorKind;
  /** The call: method, target, principal, its `client-request-id`, attempts so far, when its operation started. */
  method: string;
  target: string;
  servicePrincipalId: string;
  clientRequestId: string;
  attempts: number;
  startedAt: number;
  /** The last attempt's result and error body, if one was made. */
  result?: AttemptResult;
  graphError?: GraphErrorBody;
  /** The wait the last response asked for; why retrying stopped; the wait that would have passed the deadline. */
  retryAfterMs?: number;
  stoppedBy?: RetryStop;
  refusedWaitMs?: number;
  /** What was wrong with an unusable response; must not quote it. */
  detail?: string;
  /** Values that must never appear in the error: the values of the request and its bearer token. */
  sensitiveValues: readonly string[];
  /** The settings the message quotes; `consistencyWindowMs` is 0 when no wait for a missing principal applied. */
  origin: string;
  operationTimeoutMs: number;
  attemptTimeoutMs: number;
  consistencyWindowMs: number;
}

/**
 * The {@link GraphRequestError} of a failed call: the facts, sanitized, and a message that says what to do. Server
 * text is scrubbed of the call's values and token; ids, codes and dates keep only their expected characters.
 */
export function buildGraphFailure(facts: FailureFacts): GraphRequestError {
  const { result, graphError } = facts;
  const response = result?.type === "response" ? result : undefined;
  const networkCode = result?.type === "failure" ? result.code : undefined;
  const code = keepExpected(graphError?.code, "code");
  const status = response?.status ?? 0;
  const details: GraphRequestErrorDetails = defined({
    kind: facts.kind,
    method: facts.method,
    path: redactQueryValues(facts.target),
    status,
    code,
    innerCode: keepExpected(graphError?.innerCode, "code"),
    requestId: keepExpected(response?.headers["request-id"] ?? graphError?.requestId, "id"),
    clientRequestId: facts.clientRequestId,
    date: keepExpected(response?.headers["date"] ?? graphError?.date, "date"),
    attempts: facts.attempts,
    elapsedMs: Math.max(0, Date.now() - facts.startedAt),
    servicePrincipalId: facts.servicePrincipalId,
    stoppedBy: facts.stoppedBy,
    networkCode,
    lastAttempt:
      result &&
      Object.freeze(
        defined({ attempt: facts.attempts, status, networkCode, graphCode: code, retryAfterMs: facts.retryAfterMs, durationMs: Math.round(result.durationMs) }),
      ),
  });
  const serverText = graphError?.innerMessage ?? graphError?.message;
  const message = describeGraphFailure({
    ...details,
    ...defined({ refusedWaitMs: facts.refusedWaitMs, detail: facts.detail }),
    origin: facts.origin,
    operationTimeoutMs: facts.operationTimeoutMs,
    attemptTimeoutMs: facts.attemptTimeoutMs,
    consistencyWindowMs: facts.consistencyWindowMs,
    ...(serverText === undefined ? {} : { graphMessage: scrub(serverText, facts.sensitiveValues) }),
  });
  return new GraphRequestError(message, details);
}


/** Everything a failure message is built from: the error's facts plus the settings that explain them. */
interface GraphFailureFacts extends GraphRequestErrorDetails {
  /** The Graph origin, for messages about reaching it. */
  origin: string;
  /** The operation deadline in milliseconds. */
  operationTimeoutMs: number;
  /** The per-attempt timeout in milliseconds. */
  attemptTimeoutMs: number;
  /** How long a missing service principal was waited for, in milliseconds (0 when no wait applied). */
  consistencyWindowMs: number;
  /** The wait that would have passed the deadline, when that is why retrying stopped. */
  refusedWaitMs?: number;
  /** Graph's own explanation, already scrubbed of every value sent and of token-like text. */
  graphMessage?: string;
  /** For `unexpectedResponse`: what was wrong with the answer. */
  detail?: string;
}

// Graph's free text is quoted, never trusted: cut short and flattened to one line.
const MAX_GRAPH_MESSAGE_LENGTH = 300;

/** The message of a `GraphRequestError`: what happened, what to do, then the ids to quote to support. */
function describeGraphFailure(facts: GraphFailureFacts): string {
  const call = `${facts.method} ${facts.path}`;
  const parts = [explain(facts, call)];
  const quoted = quoteGraphMessage(facts.graphMessage);
  if (quoted !== undefined) {
    parts.push(`Graph says: ${quoted}`);
  }
  parts.push(`[${diagnosticFacts(facts).join(", ")}]`);
  return parts.join(" ");
}

/** Milliseconds as seconds with at most one decimal: `1500` gives `1.5 s`. */
function formatSeconds(ms: number): string {
  return `${Number((ms / 1_000).toFixed(1))} s`;
}

function explain(facts: GraphFailureFacts, call: string): string {
  const principal = facts.servicePrincipalId ?? "(unknown)";
  const status = statusText(facts);
  switch (facts.kind) {
    case "permission":
      return (
        `Microsoft Graph denied ${call} (${status}). ${permissionAdvice(facts.method, principal)} ` +
        "A user signing in needs the Application Administrator or Cloud Application Administrator role."
      );
    case "authentication":
      return (
        `Microsoft Graph rejected the access token for ${call} (${status}). The token has expired, or was issued ` +
        `for another cloud or audience: the credential's authority and the Graph endpoint ${facts.origin} must ` +
        "belong to the same cloud. Set graphsync:cloud (or azuread:environment) to that cloud; the token is " +
        "requested for the cloud's Graph resource, or for graphsync:graphEndpoint when graphsync:cloud is custom."
      );
    case "notFound":
      return notFoundText(facts, principal, status);
    case "throttled": {
      const what =
        facts.attempts === 0
          ? `Microsoft Graph is throttling this process, so ${call} was not sent`
          : `Microsoft Graph kept throttling ${call} (${status}) for ${formatSeconds(facts.elapsedMs)} over ` +
            `${facts.attempts} attempt(s)`;
      return (
        `${what}; ${stopText(facts)}. Lower the parallelism of the run (pulumi up --parallel N) or raise ` +
        "graphsync:operationTimeout."
      );
    }
    case "server":
      return (
        `Microsoft Graph failed to serve ${call} (${status}) after ${facts.attempts} attempt(s) over ` +
        `${formatSeconds(facts.elapsedMs)}${facts.stoppedBy === undefined ? "" : `; ${stopText(facts)}`}. ` +
        "This is a fault on Microsoft's side: run the deployment again later."
      );
    case "timeout":
      return (
        `${call} did not complete: ${facts.attempts} attempt(s) over ${formatSeconds(facts.elapsedMs)} timed out ` +
        `(each attempt may take ${formatSeconds(facts.attemptTimeoutMs)}); ${stopText(facts)}. Check connectivity ` +
        `to ${facts.origin}, or raise graphsync:operationTimeout.`
      );
    case "network":
      return (
        `Could not reach Microsoft Graph at ${facts.origin} for ${call} (${facts.networkCode ?? "network error"}) ` +
        `after ${facts.attempts} attempt(s) over ${formatSeconds(facts.elapsedMs)}` +
        `${facts.stoppedBy === undefined ? "" : `; ${stopText(facts)}`}. Check network access to the Graph ` +
        "endpoint, proxy settings (HTTPS_PROXY, NO_PROXY) and that its TLS certificate is trusted."
      );
    case "invalidRequest":
      return invalidRequestText(facts, call, status);
    case "unexpectedResponse":
      return `${call} got an answer the client cannot use (${status}): ${facts.detail ?? "unexpected response"}.`;
  }
}

function permissionAdvice(method: string, principal: string): string {
  const needed =
    method === "GET"
      ? "Synchronization.Read.All or Synchronization.ReadWrite.All"
      : "Synchronization.ReadWrite.All";
  return (
    `The identity running Pulumi needs the Microsoft Graph application permission ${needed} (with admin ` +
    `consent), or Application.ReadWrite.OwnedBy together with ownership of the service principal ${principal} ` +
    "itself (owning the app registration is not enough)."
  );
}

function notFoundText(facts: GraphFailureFacts, principal: string, status: string): string {
  const check =
    "Check that servicePrincipalId is the object id of the service principal (the Enterprise application), " +
    "not the application (client) id or the object id of the app registration.";
  if (facts.stoppedBy === "consistencyWindow" || facts.stoppedBy === "deadline") {
    return (
      `Service principal ${principal} was not found after ${formatSeconds(facts.elapsedMs)} ` +
      `(${status}, ${facts.attempts} attempts). ${check} A service principal created moments ago can take a ` +
      `while to replicate; the client waited for it up to ${formatSeconds(facts.consistencyWindowMs)}.`
    );
  }
  return `Service principal ${principal} was not found (${status}). ${check}`;
}

function invalidRequestText(facts: GraphFailureFacts, call: string, status: string): string {
  const inner = facts.innerCode === undefined ? "" : `, inner code ${facts.innerCode}`;
  const head = `Microsoft Graph refused ${call} as invalid (${status}${inner}).`;
  if (facts.innerCode === "InvalidNotificationSettings") {
    return (
      `${head} SyncNotificationSettings must be a JSON object such as ` +
      '{"Enabled":false,"DeleteThresholdEnabled":false}; it cannot be cleared with an empty string.'
    );
  }
  return (
    `${head} Check the declared credentials: key names are case-sensitive names of the synchronizationSecret ` +
    "enumeration, and JSON-valued keys need valid JSON."
  );
}

function stopText(facts: GraphFailureFacts): string {
  switch (facts.stoppedBy) {
    case "deadline":
      return facts.refusedWaitMs === undefined
        ? `the operation deadline of ${formatSeconds(facts.operationTimeoutMs)} was reached`
        : `waiting ${formatSeconds(facts.refusedWaitMs)} more would pass the operation deadline of ` +
            formatSeconds(facts.operationTimeoutMs);
    case "maxAttempts":
      return "the attempt limit was reached";
    case "consistencyWindow":
      return `the consistency window of ${formatSeconds(facts.consistencyWindowMs)} ended`;
    case undefined:
      return "it was not retried";
  }
}

function statusText(facts: GraphFailureFacts): string {
  if (facts.status === 0) {
    return facts.networkCode ?? "no response";
  }
  return facts.code === undefined || facts.code === "" ? `${facts.status}` : `${facts.status} ${facts.code}`;
}

function quoteGraphMessage(message: string | undefined): string | undefined {
  const flat = message === undefined ? "" : printable(message, MAX_GRAPH_MESSAGE_LENGTH);
  return flat === "" ? undefined : JSON.stringify(flat);
}

function diagnosticFacts(facts: GraphFailureFacts): string[] {
  const listed = [`status ${facts.status}`];
  if (facts.code !== undefined && facts.code !== "") listed.push(`code ${facts.code}`);
  if (facts.innerCode !== undefined) listed.push(`inner code ${facts.innerCode}`);
  listed.push(`attempts ${facts.attempts}`, `elapsed ${formatSeconds(facts.elapsedMs)}`);
  if (facts.requestId !== undefined) listed.push(`request-id ${facts.requestId}`);
  listed.push(`client-request-id ${facts.clientRequestId}`);
  if (facts.date !== undefined) listed.push(`date ${facts.date}`);
  return listed;
}
