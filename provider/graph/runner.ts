import { randomUUID } from "node:crypto";
import type { RetryPolicy } from "../defaults";
import { formatAttemptLine, type DebugLogger } from "../diagnostics/debugLogger";
import { classifyFailure, parseGraphErrorBody, type GraphErrorBody, type GraphErrorKind, type GraphRequestError } from "./errors";
import { buildGraphFailure, type FailureFacts } from "./failureMessages";
import { RETRY_STRATEGIES, type RetryDirective } from "./retry";
import type { GateTicket, ThrottleGate } from "./throttleGate";
import type { AttemptResponse, AttemptResult, AttemptTransport } from "./transport";

/** One logical call: a request and all its retries. */
export interface GraphCall {
  readonly method: "GET" | "PUT";
  /** Path and query relative to the Graph origin. */
  readonly target: string;
  /** JSON body for PUT. */
  readonly body?: string;
  /** The service principal the call is about, for messages. */
  readonly servicePrincipalId: string;
  /** Whether a 404 is retried as replication lag until the operation's consistency window ends. */
  readonly retryNotFound: boolean;
  /** Values that must never appear in an error: the secret values being written. */
  readonly sensitiveValues: readonly string[];
}

/** The time budget of one operation, shared by the calls it makes (the pages of a listing); epoch ms. */
export interface OperationBudget {
  readonly startedAt: number;
  readonly deadlineAt: number;
  /** Until when a 404 is retried. */
  readonly notFoundUntil: number;
}

/** A call that ended with a 2xx response. */
export interface CompletedCall {
  readonly response: AttemptResponse;
  /** The `client-request-id` the call was sent with. */
  readonly clientRequestId: string;
  /** Attempts it took. */
  readonly attempts: number;
}

/** What the runner works with, defaults applied (see `GraphClientOptions`). */
export interface RunnerSettings {
  readonly origin: string;
  readonly getAccessToken: () => Promise<string>;
  readonly attemptTimeoutMs: number;
  readonly operationTimeoutMs: number;
  readonly consistencyWindowMs: number;
  readonly retry: RetryPolicy;
  readonly logger: DebugLogger;
  readonly userAgent: string;
}

/** What the previous attempt left: an error raised before the next attempt is sent still reports it. */
type Progress = Pick<FailureFacts, "attempts" | "result" | "graphError" | "sensitiveValues">;

/**
 * Runs logical calls against Graph: waits at the throttle gate, attaches a fresh token, sends attempts, asks the retry
 * strategies what is transient and retries it within the operation's budget, logs one line per attempt, and turns
 * every failure into a {@link GraphRequestError} whose message says what to do.
 */
export class RequestRunner {
  constructor(
    private readonly settings: RunnerSettings,
    private readonly transport: AttemptTransport,
    private readonly gate: ThrottleGate,
  ) {}

  /**
   * Runs a call to success (a 2xx response) or to a {@link GraphRequestError}. Errors of the token source pass on
   * unchanged: they belong to the credential, which words its own.
   */
  async run(call: GraphCall, budget: OperationBudget): Promise<CompletedCall> {
    const clientRequestId = randomUUID();
    const fixedHeaders: Record<string, string> = {
      Accept: "application/json",
      "User-Agent": this.settings.userAgent,
      "client-request-id": clientRequestId,
      ...(call.body === undefined ? {} : { "Content-Type": "application/json" }),
    };
    const policy = this.settings.retry;
    let notFoundRetries = 0;
    let progress: Progress = { attempts: 0, sensitiveValues: call.sensitiveValues };
    const fail = (kind: GraphErrorKind, more: Partial<FailureFacts> = {}): GraphRequestError =>
      this.failure(call, budget, clientRequestId, { ...progress, kind, ...more });
    for (let attempt = 1; ; attempt += 1) {
      const ticket = await this.admit(budget, fail);
      let token: string;
      try {
        token = await this.settings.getAccessToken();
      } catch (error: unknown) {
        ticket.release(false);
        throw error;
      }
      const remainingMs = budget.deadlineAt - Date.now();
      if (remainingMs <= 0) {
        ticket.release(false);
        throw fail("timeout", { stoppedBy: "deadline" });
      }
      const headers = { ...fixedHeaders, Authorization: `Bearer ${token}`, ...(attempt > 1 ? { "Retry-Attempt": String(attempt - 1) } : {}) };
      const result = await this.transport.send({
        method: call.method,
        target: call.target,
        headers,
        ...(call.body === undefined ? {} : { body: call.body }),
        timeoutMs: Math.min(this.settings.attemptTimeoutMs, remainingMs),
      });
      this.log(call, result, attempt, clientRequestId);
      if (result.type === "response" && result.status >= 200 && result.status < 300) {
        ticket.release(false);
        return { response: result, clientRequestId, attempts: attempt };
      }
      const graphError: GraphErrorBody | undefined = result.type === "response" && result.status >= 300 ? parseGraphErrorBody(result.body) : undefined;
      progress = { attempts: attempt, result, ...(graphError === undefined ? {} : { graphError }), sensitiveValues: [...call.sensitiveValues, token] };
      const { kind, detail } = classifyFailure(result, graphError?.code);
      const now = Date.now();
      const state = { result, attempt, notFoundRetries, retryNotFound: call.retryNotFound, policy, now };
      let directive: RetryDirective | undefined;
      for (const strategy of RETRY_STRATEGIES) {
        directive ??= strategy.retry(state);
      }
      if (directive === undefined) {
        ticket.release(false);
        throw fail(kind, detail === undefined ? {} : { detail });
      }
      if (directive.holdGate) {
        this.gate.holdUntil(now + directive.delayMs);
      }
      ticket.release(directive.holdGate);
      const retryAfter = directive.retryAfterMs === undefined ? {} : { retryAfterMs: directive.retryAfterMs };
      let delayMs = directive.delayMs;
      if (directive.window === "consistencyWindow") {
        const windowEnd = Math.min(budget.notFoundUntil, budget.deadlineAt);
        if (now >= windowEnd) {
          throw fail(kind, { stoppedBy: budget.notFoundUntil <= budget.deadlineAt ? "consistencyWindow" : "deadline" });
        }
        // The last wait is cut to end with the window, so the final attempt is made at its very end.
        delayMs = Math.min(delayMs, windowEnd - now);
        notFoundRetries += 1;
      } else if (now + delayMs >= budget.deadlineAt) {
        throw fail(kind, { ...retryAfter, stoppedBy: "deadline", ...(now < budget.deadlineAt ? { refusedWaitMs: delayMs } : {}) });
      }
      if (attempt >= policy.maxAttempts) {
        throw fail(kind, { ...retryAfter, stoppedBy: "maxAttempts" });
      }
      // The global timer, not node:timers/promises: vitest's fake timers drive this one, so tests run hours of backoff.
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }

  /** The error for a response the caller cannot use (a body of the wrong shape, a link off the origin). */
  unexpectedResponse(call: GraphCall, budget: OperationBudget, completed: CompletedCall, detail: string): GraphRequestError {
    const facts = { attempts: completed.attempts, result: completed.response, sensitiveValues: call.sensitiveValues, detail };
    return this.failure(call, budget, completed.clientRequestId, { ...facts, kind: "unexpectedResponse" });
  }

  /** Waits at the throttle gate; a gate that stays closed past the deadline fails the call as throttled. */
  private async admit(budget: OperationBudget, fail: (kind: GraphErrorKind, more: Partial<FailureFacts>) => GraphRequestError): Promise<GateTicket> {
    const ticket = await this.gate.admit(budget.deadlineAt);
    if (ticket === undefined) {
      const waitMs = this.gate.closedUntil - Date.now();
      throw fail("throttled", { stoppedBy: "deadline", ...(waitMs > 0 ? { refusedWaitMs: waitMs } : {}) });
    }
    return ticket;
  }

  private failure(call: GraphCall, budget: OperationBudget, clientRequestId: string, facts: Progress & Partial<FailureFacts> & { kind: GraphErrorKind }): GraphRequestError {
    const { settings } = this;
    return buildGraphFailure({
      ...facts,
      method: call.method,
      target: call.target,
      servicePrincipalId: call.servicePrincipalId,
      clientRequestId,
      startedAt: budget.startedAt,
      origin: settings.origin,
      operationTimeoutMs: settings.operationTimeoutMs,
      attemptTimeoutMs: settings.attemptTimeoutMs,
      consistencyWindowMs: call.retryNotFound ? settings.consistencyWindowMs : 0,
    });
  }

  private log(call: GraphCall, result: AttemptResult, attempt: number, clientRequestId: string): void {
    if (this.settings.logger.enabled) {
      const response = result.type === "response" ? result : undefined;
      const requestId = response?.headers["request-id"];
      this.settings.logger.log(
        formatAttemptLine({
          method: call.method,
          target: call.target,
          outcome: response?.status ?? (result.type === "failure" ? result.code : ""),
          attempt,
          durationMs: result.durationMs,
          clientRequestId,
          ...(requestId === undefined ? {} : { requestId }),
          ...(response === undefined ? {} : { responseHeaders: response.headers }),
        }),
      );
    }
  }
}
