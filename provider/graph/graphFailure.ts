import { scrubKnownValues, scrubTokenShapes } from "../diagnostics/knownValues";
import { redactQueryValues } from "../diagnostics/redactedPath";
import type { AttemptResult } from "./attemptResult";
import { describeGraphFailure } from "./failureMessages";
import type { GraphCall, OperationBudget } from "./graphCall";
import type { GraphClientSettings } from "./graphClientOptions";
import type { GraphErrorBody } from "./graphErrorBody";
import {
  GraphRequestError,
  type GraphAttemptSummary,
  type GraphErrorKind,
  type RetryStop,
} from "./graphRequestError";

/** What the runner knows about a call when it fails. */
export interface FailureState {
  /** What went wrong. */
  kind: GraphErrorKind;
  /** Attempts made so far. */
  attempt: number;
  /** The call's `client-request-id`. */
  clientRequestId: string;
  /** The last attempt's result, if one was made. */
  result?: AttemptResult;
  /** The last response's error body, parsed. */
  graphError?: GraphErrorBody;
  /** The wait the last response asked for. */
  retryAfterMs?: number;
  /** Why retrying stopped. */
  stoppedBy?: RetryStop;
  /** The wait that would have passed the deadline. */
  refusedWaitMs?: number;
  /** What was wrong with an unusable response. */
  detail?: string;
  /** The token of the last attempt: never shown, only scrubbed from server text. */
  token?: string;
}

/**
 * Turns what is known about a failed call into a {@link GraphRequestError}: the facts, sanitised, and a message that
 * says what to do. Server text is scrubbed of the call's values and token; ids, codes and dates keep only their
 * expected characters.
 *
 * @param call - the failed call
 * @param budget - its operation's budget
 * @param state - what the call got, and why it stopped
 * @param settings - the client's settings, which the message quotes (deadline, window, origin)
 */
export function buildGraphFailure(
  call: GraphCall,
  budget: OperationBudget,
  state: FailureState,
  settings: GraphClientSettings,
): GraphRequestError {
  const { result, graphError } = state;
  const response = result?.type === "response" ? result : undefined;
  const requestId = safeId(response?.headers["request-id"] ?? graphError?.requestId);
  const date = safeDate(response?.headers["date"] ?? graphError?.date);
  const networkCode = result?.type === "failure" ? result.code : undefined;
  const lastAttempt: GraphAttemptSummary | undefined =
    result === undefined
      ? undefined
      : Object.freeze({
          attempt: state.attempt,
          status: response?.status ?? 0,
          ...optional("networkCode", networkCode),
          ...optional("graphCode", safeCode(graphError?.code)),
          ...optional("retryAfterMs", state.retryAfterMs),
          durationMs: Math.round(result.durationMs),
        });
  const rawMessage = graphError?.innerMessage ?? graphError?.message;
  const graphMessage =
    rawMessage === undefined
      ? undefined
      : scrubTokenShapes(
          scrubKnownValues(rawMessage, [...call.sensitiveValues, ...(state.token === undefined ? [] : [state.token])]),
        );
  const facts = {
    kind: state.kind,
    method: call.method,
    path: redactQueryValues(call.target),
    status: response?.status ?? 0,
    clientRequestId: state.clientRequestId,
    attempts: state.attempt,
    elapsedMs: Math.max(0, Date.now() - budget.startedAt),
    servicePrincipalId: call.servicePrincipalId,
    ...optional("code", safeCode(graphError?.code)),
    ...optional("innerCode", safeCode(graphError?.innerCode)),
    ...optional("requestId", requestId),
    ...optional("date", date),
    ...optional("stoppedBy", state.stoppedBy),
    ...optional("networkCode", networkCode),
    ...optional("lastAttempt", lastAttempt),
  };
  const message = describeGraphFailure({
    ...facts,
    origin: settings.origin,
    operationTimeoutMs: settings.operationTimeoutMs,
    attemptTimeoutMs: settings.attemptTimeoutMs,
    consistencyWindowMs: call.retryNotFound ? settings.consistencyWindowMs : 0,
    ...optional("refusedWaitMs", state.refusedWaitMs),
    ...optional("graphMessage", graphMessage),
    ...optional("detail", state.detail),
  });
  return new GraphRequestError(message, facts);
}

function optional<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
}

// Ids, codes and dates come from the server; only their expected characters are kept, so nothing else can ride
// along into a message or a log.
function safeId(value: string | undefined): string | undefined {
  const clean = value?.replace(/[^A-Za-z0-9-]/g, "").slice(0, 64);
  return clean === undefined || clean === "" ? undefined : clean;
}

function safeCode(value: string | undefined): string | undefined {
  const clean = value?.replace(/[^A-Za-z0-9_.-]/g, "").slice(0, 100);
  return clean === undefined || clean === "" ? undefined : clean;
}

function safeDate(value: string | undefined): string | undefined {
  const clean = value?.replace(/[^A-Za-z0-9 :,.+-]/g, "").slice(0, 64);
  return clean === undefined || clean === "" ? undefined : clean;
}
