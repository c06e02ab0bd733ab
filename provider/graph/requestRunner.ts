import { randomUUID } from "node:crypto";
import { formatAttemptLine } from "../diagnostics/attemptLine";
import { abortableDelay, DelayAbortedError } from "./abortableDelay";
import type { AttemptResponse, AttemptResult, AttemptTransport } from "./attemptResult";
import type { CompletedCall, GraphCall, OperationBudget } from "./graphCall";
import type { GraphClientSettings } from "./graphClientOptions";
import { parseGraphErrorBody } from "./graphErrorBody";
import { buildGraphFailure, type FailureState } from "./graphFailure";
import type { GraphRequestError, RetryStop } from "./graphRequestError";
import { decideRetry } from "./retryDecision";
import type { GateTicket, ThrottleGate } from "./throttleGate";

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
        throw this.#fail(call, budget, { ...stopped, kind: "timeout" });
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
        throw this.#fail(call, budget, { ...state, kind: decision.kind, ...detailOf(decision.detail) });
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
          throw this.#fail(call, budget, { ...state, kind: decision.kind, stoppedBy });
        }
        // The last wait is cut to end with the window, so the final attempt is made at its very end.
        delayMs = Math.min(delayMs, windowEnd - now);
        notFoundRetries += 1;
      } else if (now + delayMs >= budget.deadlineAt) {
        const refused = now < budget.deadlineAt ? { refusedWaitMs: delayMs } : {};
        throw this.#fail(call, budget, { ...state, ...retryAfter, ...refused, kind: decision.kind, stoppedBy: "deadline" });
      }
      if (attempt >= policy.maxAttempts) {
        throw this.#fail(call, budget, { ...state, ...retryAfter, kind: decision.kind, stoppedBy: "maxAttempts" });
      }
      try {
        await abortableDelay(delayMs, budget.signal);
      } catch (error: unknown) {
        if (error instanceof DelayAbortedError) {
          throw this.#fail(call, budget, { ...state, kind: "cancelled" });
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
    return this.#fail(call, budget, {
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
        throw this.#fail(call, budget, { ...progress, kind: "cancelled" });
      }
      throw error;
    }
    if (ticket === undefined) {
      const now = Date.now();
      throw this.#fail(call, budget, {
        ...progress,
        kind: "throttled",
        stoppedBy: "deadline",
        ...(this.#gate.closedUntil > now ? { refusedWaitMs: this.#gate.closedUntil - now } : {}),
      });
    }
    return ticket;
  }

  #fail(call: GraphCall, budget: OperationBudget, state: FailureState): GraphRequestError {
    return buildGraphFailure(call, budget, state, this.#settings);
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
}

function detailOf(detail: string | undefined): { detail?: string } {
  return detail === undefined ? {} : { detail };
}
