import { randomUUID } from "node:crypto";
import { formatAttemptLine } from "../diagnostics/attemptLine";
import { scrubKnownValues, scrubTokenShapes } from "../diagnostics/knownValues";
import { redactQueryValues } from "../diagnostics/redactedPath";
import { abortableDelay, DelayAbortedError } from "./abortableDelay";
import type { AttemptResponse, AttemptResult, AttemptTransport } from "./attemptResult";
import { describeGraphFailure } from "./failureMessages";
import type { GraphClientSettings } from "./graphClientOptions";
import { parseGraphErrorBody, type GraphErrorBody } from "./graphErrorBody";
import {
  GraphRequestError,
  type GraphAttemptSummary,
  type GraphErrorKind,
  type RetryStop,
} from "./graphRequestError";
import { decideRetry } from "./retryDecision";
import type { GateTicket, ThrottleGate } from "./throttleGate";

/** One logical call: a request and all its retries. */
export interface GraphCall {
  /** HTTP method. */
  method: "GET" | "PUT";
  /** Path and query relative to the Graph origin. */
  target: string;
  /** JSON body for PUT. */
  body?: string;
  /** The service principal the call is about, for messages. */
  servicePrincipalId: string;
  /** Whether a 404 is retried as replication lag until the operation's consistency window ends. */
  retryNotFound: boolean;
  /** Values that must never appear in an error: the secret values being written. */
  sensitiveValues: readonly string[];
}

/** The time budget of one operation, shared by the calls it makes (the pages of a listing). */
export interface OperationBudget {
  /** When the operation started, epoch ms. */
  startedAt: number;
  /** When it must be over, epoch ms. */
  deadlineAt: number;
  /** Until when a 404 is retried, epoch ms. */
  notFoundUntil: number;
  /** The caller's cancellation. */
  signal?: AbortSignal;
}

/** A call that ended with a 2xx response. */
export interface CompletedCall {
  /** The successful response. */
  response: AttemptResponse;
  /** The `client-request-id` the call was sent with. */
  clientRequestId: string;
  /** Attempts it took. */
  attempts: number;
}

/** What the runner knows about a call when it fails. */
interface FailureState {
  kind: GraphErrorKind;
  attempt: number;
  clientRequestId: string;
  result?: AttemptResult;
  graphError?: GraphErrorBody;
  retryAfterMs?: number;
  stoppedBy?: RetryStop;
  refusedWaitMs?: number;
  detail?: string;
  token?: string;
}

const SAFE_ID = /[^A-Za-z0-9-]/g;

/**
 * Runs logical calls against Graph: waits at the throttle gate, attaches a fresh token, sends attempts, retries what
 * is transient within the operation's budget, logs one line per attempt, and turns every failure into a
 * {@link GraphRequestError} whose message says what to do.
 */
export class RequestRunner {
  readonly #settings: GraphClientSettings;
  readonly #transport: AttemptTransport;
  readonly #gate: ThrottleGate;

  constructor(settings: GraphClientSettings, transport: AttemptTransport, gate: ThrottleGate) {
    this.#settings = settings;
    this.#transport = transport;
    this.#gate = gate;
  }

  /**
   * Runs a call to success (a 2xx response) or to a {@link GraphRequestError}. Errors from the token source are
   * passed on unchanged: they belong to the credential, which words its own.
   *
   * @param call - the request
   * @param budget - the operation's deadline, consistency window and cancellation
   */
  async run(call: GraphCall, budget: OperationBudget): Promise<CompletedCall> {
    const clientRequestId = randomUUID();
    const { retry: policy } = this.#settings;
    let notFoundRetries = 0;
    // What the previous attempt left, so an error raised before the next one is sent still reports it.
    let previous: Pick<FailureState, "result" | "graphError" | "token"> = {};
    for (let attempt = 1; ; attempt += 1) {
      const ticket = await this.#admit(call, budget, { ...previous, attempt: attempt - 1, clientRequestId });
      let token: string;
      try {
        token = await this.#settings.getAccessToken();
      } catch (error: unknown) {
        ticket.release(false);
        throw error;
      }
      const remainingMs = budget.deadlineAt - Date.now();
      if (remainingMs <= 0) {
        ticket.release(false);
        const stopped = { ...previous, attempt: attempt - 1, clientRequestId, stoppedBy: "deadline" as const };
        throw this.#failure(call, budget, { ...stopped, kind: "timeout" });
      }
      const result = await this.#transport.send({
        method: call.method,
        target: call.target,
        headers: this.#headers(call, token, clientRequestId, attempt),
        ...(call.body === undefined ? {} : { body: call.body }),
        timeoutMs: Math.min(this.#settings.attemptTimeoutMs, remainingMs),
        ...(budget.signal === undefined ? {} : { signal: budget.signal }),
      });
      this.#log(call, result, attempt, clientRequestId);

      const graphError = result.type === "response" && result.status >= 300 ? parseGraphErrorBody(result.body) : undefined;
      const now = Date.now();
      const decision = decideRetry(result, {
        policy,
        attempt,
        notFoundRetries,
        retryNotFound: call.retryNotFound,
        ...(graphError?.code === undefined ? {} : { graphCode: graphError.code }),
        now,
      });
      previous = { result, token, ...(graphError === undefined ? {} : { graphError }) };
      const state = { ...previous, attempt, clientRequestId };

      if (decision.action === "succeed") {
        ticket.release(false);
        return { response: result as AttemptResponse, clientRequestId, attempts: attempt };
      }
      if (decision.action === "fail") {
        ticket.release(false);
        throw this.#failure(call, budget, { ...state, kind: decision.kind, ...detailOf(decision.detail) });
      }

      const retryAfter = decision.retryAfterMs === undefined ? {} : { retryAfterMs: decision.retryAfterMs };
      if (decision.holdGate) {
        this.#gate.holdUntil(now + decision.delayMs);
      }
      ticket.release(decision.holdGate);
      let delayMs = decision.delayMs;
      if (decision.boundary === "consistencyWindow") {
        const windowEnd = Math.min(budget.notFoundUntil, budget.deadlineAt);
        if (now >= windowEnd) {
          const stoppedBy: RetryStop = budget.notFoundUntil <= budget.deadlineAt ? "consistencyWindow" : "deadline";
          throw this.#failure(call, budget, { ...state, kind: decision.kind, stoppedBy });
        }
        // The last wait is cut to end with the window, so the final attempt is made at its very end.
        delayMs = Math.min(delayMs, windowEnd - now);
        notFoundRetries += 1;
      } else if (now + delayMs >= budget.deadlineAt) {
        const refused = now < budget.deadlineAt ? { refusedWaitMs: delayMs } : {};
        throw this.#failure(call, budget, { ...state, ...retryAfter, ...refused, kind: decision.kind, stoppedBy: "deadline" });
      }
      if (attempt >= policy.maxAttempts) {
        throw this.#failure(call, budget, { ...state, ...retryAfter, kind: decision.kind, stoppedBy: "maxAttempts" });
      }
      try {
        await abortableDelay(delayMs, budget.signal);
      } catch (error: unknown) {
        if (error instanceof DelayAbortedError) {
          throw this.#failure(call, budget, { ...state, kind: "cancelled" });
        }
        throw error;
      }
    }
  }

  /**
   * Builds the error for a response the call's caller cannot use (a body of the wrong shape, a link that leaves the
   * origin), with the same facts and message layout as the runner's own errors.
   *
   * @param call - the call that got the response
   * @param budget - its operation's budget
   * @param completed - the call's outcome
   * @param detail - what is wrong with the response; must not quote it
   */
  unexpectedResponse(
    call: GraphCall,
    budget: OperationBudget,
    completed: CompletedCall,
    detail: string,
  ): GraphRequestError {
    return this.#failure(call, budget, {
      kind: "unexpectedResponse",
      attempt: completed.attempts,
      clientRequestId: completed.clientRequestId,
      result: completed.response,
      detail,
    });
  }

  /**
   * Waits at the throttle gate.
   *
   * @param call - the call about to be attempted
   * @param budget - its operation's budget
   * @param progress - the call so far (attempts made, the last result), for the error when the gate refuses
   */
  async #admit(call: GraphCall, budget: OperationBudget, progress: Omit<FailureState, "kind">): Promise<GateTicket> {
    let ticket: GateTicket | undefined;
    try {
      ticket = await this.#gate.admit(budget.deadlineAt, budget.signal);
    } catch (error: unknown) {
      if (error instanceof DelayAbortedError) {
        throw this.#failure(call, budget, { ...progress, kind: "cancelled" });
      }
      throw error;
    }
    if (ticket === undefined) {
      const now = Date.now();
      throw this.#failure(call, budget, {
        ...progress,
        kind: "throttled",
        stoppedBy: "deadline",
        ...(this.#gate.closedUntil > now ? { refusedWaitMs: this.#gate.closedUntil - now } : {}),
      });
    }
    return ticket;
  }

  #headers(call: GraphCall, token: string, clientRequestId: string, attempt: number): Record<string, string> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      Accept: "application/json",
      "User-Agent": this.#settings.userAgent,
      "client-request-id": clientRequestId,
    };
    if (call.body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    if (attempt > 1) {
      headers["Retry-Attempt"] = String(attempt - 1);
    }
    return headers;
  }

  #log(call: GraphCall, result: AttemptResult, attempt: number, clientRequestId: string): void {
    const { logger } = this.#settings;
    if (!logger.enabled) {
      return;
    }
    const requestId = result.type === "response" ? result.headers["request-id"] : undefined;
    logger.log(
      formatAttemptLine({
        method: call.method,
        target: call.target,
        outcome: result.type === "response" ? result.status : result.code,
        attempt,
        durationMs: result.durationMs,
        clientRequestId,
        ...(requestId === undefined ? {} : { requestId }),
        ...(result.type === "response" ? { responseHeaders: result.headers } : {}),
      }),
    );
  }

  #failure(call: GraphCall, budget: OperationBudget, state: FailureState): GraphRequestError {
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
            ...(networkCode === undefined ? {} : { networkCode }),
            ...(graphError?.code === undefined ? {} : { graphCode: safeCode(graphError.code) }),
            ...(state.retryAfterMs === undefined ? {} : { retryAfterMs: state.retryAfterMs }),
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
      origin: this.#settings.origin,
      operationTimeoutMs: this.#settings.operationTimeoutMs,
      attemptTimeoutMs: this.#settings.attemptTimeoutMs,
      consistencyWindowMs: call.retryNotFound ? this.#settings.consistencyWindowMs : 0,
      ...optional("refusedWaitMs", state.refusedWaitMs),
      ...optional("graphMessage", graphMessage),
      ...optional("detail", state.detail),
    });
    return new GraphRequestError(message, facts);
  }
}

function optional<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
}

function detailOf(detail: string | undefined): { detail?: string } {
  return detail === undefined ? {} : { detail };
}

// Ids, codes and dates come from the server; only their expected characters are kept, so nothing else can ride
// along into a message or a log.
function safeId(value: string | undefined): string | undefined {
  const clean = value?.replace(SAFE_ID, "").slice(0, 64);
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
