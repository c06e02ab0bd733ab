import { keepExpected, printable, redactQueryValues } from "../diagnostics/sanitizer";
import { defined, GraphRequestError } from "./errors";
import type { GraphAttemptSummary, GraphErrorBody, GraphErrorKind, GraphRequestErrorDetails, RetryStop } from "./errors";
import type { AttemptResult } from "./transport";

/** Everything known about a failed call, from which {@link buildGraphFailure} makes the error. */
export interface FailureFacts {
  /** What went wrong. */ readonly kind: GraphErrorKind;
  /** The call, its `client-request-id`, attempts so far, when its operation started. */
  readonly call: Readonly<{ method: string; target: string; servicePrincipalId: string }>;
  readonly clientRequestId: string;
  readonly attempts: number;
  readonly startedAt: number;
  /** The last attempt's result and error body, if one was made. */ readonly result?: AttemptResult;
  readonly graphError?: GraphErrorBody;
  /** The wait the last response asked for; why retrying stopped; the wait that would have passed the deadline. */
  readonly retryAfterMs?: number;
  readonly stoppedBy?: RetryStop;
  readonly refusedWaitMs?: number;
  /** Whether the last answer was one a replicating principal gives, and the call waited it out (or the window was 0). */
  readonly awaitedReplication?: boolean;
  /** What was wrong with an unusable response; must not quote it. */ readonly detail?: string;
  /** Values that must never appear in the error: the values of the request and its bearer token. */
  readonly sensitiveValues: readonly string[];
  /** The settings the message quotes. */
  readonly settings: Readonly<{ origin: string } & Record<"operationTimeoutMs" | "attemptTimeoutMs" | "consistencyWindowMs", number>>;
}

// Graph's free text is quoted, never trusted: cut short and flattened to one line.
const MAX_GRAPH_MESSAGE_LENGTH = 300;
const CHECK_PRINCIPAL =
  "Check that servicePrincipalId is the object id of the service principal (the Enterprise application), " +
  "not the application (client) id or the object id of the app registration.";

/** The {@link GraphRequestError} of a failed call: what happened, what to do and the ids to quote, scrubbed of the call's values. */
export function buildGraphFailure(facts: FailureFacts): GraphRequestError {
  const { result, graphError } = facts;
  const response = result?.type === "response" ? result : undefined;
  const networkCode = result?.type === "failure" ? result.code : undefined;
  // Ids and codes are server text too: one that repeats a value of the call shows as REDACTED.
  const expected = (value: string | undefined, kind: "id" | "code" | "date") => keepExpected(value, kind, facts.sensitiveValues);
  const code = expected(graphError?.code, "code");
  const status = response?.status ?? 0;
  // The last attempt as the error's `cause`: only facts safe to print.
  const lastAttempt: GraphAttemptSummary | undefined =
    result &&
    Object.freeze(
      defined({
        attempt: facts.attempts,
        status,
        networkCode,
        graphCode: code,
        retryAfterMs: facts.retryAfterMs,
        durationMs: Math.round(result.durationMs),
      }),
    );
  const quoted = printable(graphError?.innerMessage ?? graphError?.message ?? "", MAX_GRAPH_MESSAGE_LENGTH, facts.sensitiveValues);
  const details: GraphRequestErrorDetails = defined({
    kind: facts.kind,
    method: facts.call.method,
    path: redactQueryValues(facts.call.target),
    status,
    code,
    innerCode: expected(graphError?.innerCode, "code"),
    graphMessage: quoted === "" ? undefined : quoted,
    requestId: expected(response?.headers["request-id"] ?? graphError?.requestId, "id"),
    clientRequestId: facts.clientRequestId,
    date: expected(response?.headers["date"] ?? graphError?.date, "date"),
    attempts: facts.attempts,
    elapsedMs: Math.max(0, Date.now() - facts.startedAt),
    servicePrincipalId: facts.call.servicePrincipalId,
    stoppedBy: facts.stoppedBy,
    networkCode,
    lastAttempt,
  });
  return new GraphRequestError(`${explain(facts, details)} ${graphSaysAndIds(details)}`, details);
}

/** How a message about a failed call ends: Graph's own words, when it gave any, then the ids to quote to support. */
export function graphSaysAndIds(error: Omit<GraphRequestErrorDetails, "lastAttempt">): string {
  const ids = [
    `status ${error.status}`, error.code && `code ${error.code}`, error.innerCode && `inner code ${error.innerCode}`,
    `attempts ${error.attempts}`, `elapsed ${seconds(error.elapsedMs)}`, error.requestId && `request-id ${error.requestId}`,
    `client-request-id ${error.clientRequestId}`, error.date && `date ${error.date}`,
  ];
  const says = error.graphMessage === undefined ? "" : `Graph says: ${JSON.stringify(error.graphMessage)} `;
  return `${says}[${ids.filter(Boolean).join(", ")}]`;
}

/** What happened and what to do, by kind. */
function explain(facts: FailureFacts, details: GraphRequestErrorDetails): string {
  const { method, servicePrincipalId } = facts.call;
  const { origin, attemptTimeoutMs } = facts.settings;
  const call = `${method} ${details.path}`;
  const withCode = details.code === undefined ? `${details.status}` : `${details.status} ${details.code}`;
  const status = details.status === 0 ? (details.networkCode ?? "no response") : withCode;
  const over = `${facts.attempts} attempt(s) over ${seconds(details.elapsedMs)}`;
  const stopped = facts.stoppedBy === undefined ? "" : `; ${stopText(facts)}`;
  switch (facts.kind) {
    case "permission": {
      const needed = method === "GET" ? "Synchronization.Read.All or Synchronization.ReadWrite.All" : "Synchronization.ReadWrite.All";
      return (
        `Microsoft Graph denied ${call} (${status}). The identity running Pulumi needs the Microsoft Graph application ` +
        `permission ${needed} (with admin consent), or Application.ReadWrite.OwnedBy together with ownership of the ` +
        `service principal ${servicePrincipalId} itself (owning the app registration is not enough). A user signing in needs ` +
        `the Application Administrator or Cloud Application Administrator role.${replicationWait(facts, details)}`
      );
    }
    case "authentication":
      return (
        `Microsoft Graph rejected the access token for ${call} (${status}). The token has expired, or was issued ` +
        `for another cloud or audience: the credential's authority and the Graph endpoint ${origin} must ` +
        "belong to the same cloud. Set graphsync:cloud (or azuread:environment) to that cloud; the token is " +
        "requested for the cloud's Graph resource, or for graphsync:graphEndpoint when graphsync:cloud is custom."
      );
    case "notFound": {
      // Under …/jobs/{id}, Graph's not-found error may be about the job rather than the principal.
      const job = /\/jobs\/([^/?]+)/.exec(details.path)?.[1];
      const what = job === undefined ? "Service principal" : `Synchronization job ${job} of service principal`;
      return `${what} ${servicePrincipalId} was not found (${status}). ${CHECK_PRINCIPAL}${replicationWait(facts, details)}`;
    }
    case "throttled": {
      const what =
        facts.attempts === 0
          ? `Microsoft Graph is throttling this process, so ${call} was not sent`
          : `Microsoft Graph kept throttling ${call} (${status}) for ${seconds(details.elapsedMs)} over ${facts.attempts} attempt(s)`;
      return `${what}; ${stopText(facts)}. Lower the parallelism of the run (pulumi up --parallel N) or raise graphsync:operationTimeout.`;
    }
    case "server":
      return (
        `Microsoft Graph failed to serve ${call} (${status}) after ${over}${stopped}. ` +
        "This is a fault on Microsoft's side: run the deployment again later."
      );
    case "timeout":
      return (
        `${call} did not complete: ${over} timed out (each attempt may take ${seconds(attemptTimeoutMs)}); ` +
        `${stopText(facts)}. Check connectivity to ${origin}, or raise graphsync:operationTimeout.`
      );
    case "network":
      return (
        `Could not reach Microsoft Graph at ${origin} for ${call} (${details.networkCode ?? "network error"}) after ` +
        `${over}${stopped}. Check network access to the Graph endpoint, proxy settings (HTTPS_PROXY, NO_PROXY) and that ` +
        "its TLS certificate is trusted."
      );
    case "invalidRequest": {
      const inner = details.innerCode === undefined ? "" : `, inner code ${details.innerCode}`;
      const head = `Microsoft Graph refused ${call} as invalid (${status}${inner}).`;
      if (facts.awaitedReplication) {
        return `Microsoft Graph kept refusing ${call} (${status}${inner}) as it does while a service principal replicates.` +
          `${replicationWait(facts, details)} ${CHECK_PRINCIPAL}`;
      }
      return details.innerCode === "InvalidNotificationSettings"
        ? `${head} SyncNotificationSettings must be a JSON object such as {"Enabled":false,"DeleteThresholdEnabled":false}. ` +
            'Graph refuses "" for it, so removing it writes "{}"; where this tenant refuses that too, the key cannot be ' +
            "removed through Graph: keep it declared, or clear it in the Microsoft Entra admin center."
        : `${head} Check the declared credentials: key names are case-sensitive names of the synchronizationSecret ` +
            "enumeration, and JSON-valued keys need valid JSON.";
    }
    case "unexpectedResponse":
      return `${call} got an answer the client cannot use (${status}): ${facts.detail ?? "unexpected response"}.`;
  }
}

/** How long a write waited for a replicating service principal, as a sentence after the explanation; "" if it did not. */
function replicationWait(facts: FailureFacts, details: GraphRequestErrorDetails): string {
  if (facts.awaitedReplication !== true) return "";
  if (facts.settings.consistencyWindowMs === 0) {
    return (
      " A service principal created moments ago may still be replicating; graphsync:consistencyWindow is 0 s, so the " +
      "client did not wait for it."
    );
  }
  const until = facts.stoppedBy === "deadline" ? `, until ${stopText(facts)}` : "";
  return (
    ` The client waited ${seconds(details.elapsedMs)} over ${facts.attempts} attempts${until}, in case the service ` +
    `principal was still replicating (graphsync:consistencyWindow is ${seconds(facts.settings.consistencyWindowMs)}).`
  );
}

function stopText(facts: FailureFacts): string {
  switch (facts.stoppedBy) {
    case "deadline":
      return facts.refusedWaitMs === undefined
        ? `the operation deadline of ${seconds(facts.settings.operationTimeoutMs)} was reached`
        : `waiting ${seconds(facts.refusedWaitMs)} more would pass the operation deadline of ${seconds(facts.settings.operationTimeoutMs)}`;
    case "maxAttempts":
      return "the attempt limit was reached";
    case "consistencyWindow":
      return `the consistency window of ${seconds(facts.settings.consistencyWindowMs)} ended`;
    case undefined:
      return "it was not retried";
  }
}

/** Milliseconds as seconds with at most one decimal: `1500` gives `1.5 s`. */
const seconds = (ms: number): string => `${Number((ms / 1_000).toFixed(1))} s`;
