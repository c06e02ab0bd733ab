import { randomUUID } from "node:crypto";
import { DEFAULTS, type RetryPolicy } from "../defaults";
import { formatAttemptLine, type DebugLogger } from "../diagnostics/debugLogger";
import { classifyFailure, parseGraphErrorBody, type GraphErrorKind, type GraphRequestError } from "./errors";
import { buildGraphFailure, type FailureFacts } from "./failureMessages";
import { RETRY_STRATEGIES, type RetryDirective } from "./retry";
import type { ThrottleGate } from "./throttleGate";
import type { AttemptResponse, AttemptTransport, GraphMethod } from "./transport";

/** One logical call: a request and all its retries. */
export interface GraphCall {
  readonly method: GraphMethod;
  /** Path and query relative to the Graph origin. */ readonly target: string;
  /** JSON body for PUT and POST. */ readonly body?: string;
  /** The service principal the call is about, for messages. */ readonly servicePrincipalId: string;
  /** Whether a replicating principal's answers (`isReplicationAnswer`) are waited out until the consistency window ends. */
  readonly awaitReplication: boolean;
  /** Values that must never appear in an error: the secret values being written. */ readonly sensitiveValues: readonly string[];
}

/** The time budget of one operation (epoch ms; replication is waited out until `replicationUntil`), shared by its pages. */
export type OperationBudget = Readonly<Record<"startedAt" | "deadlineAt" | "replicationUntil", number>>;

/** A call that ended with a 2xx response: its `client-request-id`, the attempts it took, the values (token too) to hide. */
export type CompletedCall = Readonly<{
  response: AttemptResponse;
  clientRequestId: string;
  attempts: number;
  sensitiveValues: readonly string[];
}>;

/** What the runner works with: the client's options, defaults applied. */
export type RunnerSettings = Readonly<{ origin: string; getAccessToken: () => Promise<string>; retry: RetryPolicy; logger: DebugLogger }> &
  Readonly<Record<"attemptTimeoutMs" | "operationTimeoutMs" | "consistencyWindowMs", number>>;

/** What a failure of the call reports besides its kind: the last attempt, if any, and why retrying stopped. */
type Progress = Omit<Partial<FailureFacts>, "kind">;

/** Runs calls: throttle gate, a token per attempt, retry strategies within the budget, log lines, `GraphRequestError`s. */
export class RequestRunner {
  constructor(
    private readonly settings: RunnerSettings,
    private readonly transport: AttemptTransport,
    private readonly gate: ThrottleGate,
  ) {}

  /** Runs a call to a 2xx response or a {@link GraphRequestError}; errors of the token source pass on unchanged. */
  async run(call: GraphCall, budget: OperationBudget): Promise<CompletedCall> {
    const { settings } = this;
    const clientRequestId = randomUUID();
    // Built once per call; each attempt adds only its token and number.
    const callHeaders: Record<string, string> = {
      Accept: "application/json",
      "User-Agent": DEFAULTS.userAgent,
      "client-request-id": clientRequestId,
      ...(call.body === undefined ? {} : { "Content-Type": "application/json" }),
    };
    let last: Progress = { attempts: 0 };
    const fail = (kind: GraphErrorKind, more: Progress = {}): GraphRequestError =>
      this.failure(call, budget, clientRequestId, { ...last, ...more, kind });
    for (let attempt = 1, replicationRetries = 0; ; attempt += 1) {
      const ticket = await this.gate.admit(budget.deadlineAt);
      if (ticket === undefined) {
        const waitMs = this.gate.closedUntil - Date.now();
        throw fail("throttled", { stoppedBy: "deadline", ...(waitMs > 0 ? { refusedWaitMs: waitMs } : {}) });
      }
      let token: string;
      try {
        token = await settings.getAccessToken();
      } catch (error: unknown) {
        ticket.release(false);
        throw error;
      }
      const remainingMs = budget.deadlineAt - Date.now();
      if (remainingMs <= 0) {
        ticket.release(false);
        throw fail("timeout", { stoppedBy: "deadline" });
      }
      const headers = { ...callHeaders, Authorization: `Bearer ${token}`, ...(attempt > 1 && { "Retry-Attempt": String(attempt - 1) }) };
      const timeoutMs = Math.min(settings.attemptTimeoutMs, remainingMs);
      const { method, target, body } = call;
      const result = await this.transport.send({ method, target, headers, ...(body === undefined ? {} : { body }), timeoutMs });
      const response = result.type === "response" ? result : undefined;
      // The call's values and its token: no error or log line may show them, even as a server's echo.
      const sensitiveValues = [...call.sensitiveValues, token];
      if (settings.logger.enabled) {
        const outcome = response?.status ?? (result.type === "failure" ? result.code : "");
        const { durationMs } = result;
        const requestId = response?.headers["request-id"];
        const record = { method, target, outcome, attempt, durationMs, clientRequestId, requestId, known: sensitiveValues };
        settings.logger.log(formatAttemptLine({ ...record, responseHeaders: response?.headers }));
      }
      if (response !== undefined && response.status >= 200 && response.status < 300) {
        ticket.release(false);
        return { response, clientRequestId, attempts: attempt, sensitiveValues };
      }
      const graphError = response !== undefined && response.status >= 300 ? parseGraphErrorBody(response.body) : undefined;
      last = { attempts: attempt, result, ...(graphError && { graphError }), sensitiveValues };
      const { kind, detail } = classifyFailure(result, graphError);
      const now = Date.now();
      const { awaitReplication } = call;
      const state = { result, ...(graphError && { graphError }), attempt, replicationRetries, awaitReplication, policy: settings.retry, now };
      let directive: RetryDirective | undefined;
      for (const strategy of RETRY_STRATEGIES) directive ??= strategy.retry(state);
      if (directive === undefined) {
        ticket.release(false);
        throw fail(kind, detail === undefined ? {} : { detail });
      }
      if (directive.holdGate) this.gate.holdUntil(now + directive.delayMs);
      ticket.release(directive.holdGate);
      const retryAfter = directive.retryAfterMs === undefined ? {} : { retryAfterMs: directive.retryAfterMs };
      let delayMs = directive.delayMs;
      if (directive.window === "consistencyWindow") {
        const windowEnd = Math.min(budget.replicationUntil, budget.deadlineAt);
        if (now >= windowEnd) {
          const stoppedBy = budget.replicationUntil <= budget.deadlineAt ? "consistencyWindow" : "deadline";
          throw fail(kind, { stoppedBy, awaitedReplication: true });
        }
        // The last wait is cut to end with the window, so the final attempt is made at its very end.
        delayMs = Math.min(delayMs, windowEnd - now);
        replicationRetries += 1;
      } else if (now + delayMs >= budget.deadlineAt) {
        throw fail(kind, { ...retryAfter, stoppedBy: "deadline", ...(now < budget.deadlineAt ? { refusedWaitMs: delayMs } : {}) });
      }
      if (attempt >= settings.retry.maxAttempts) {
        throw fail(kind, { ...retryAfter, stoppedBy: "maxAttempts" });
      }
      // The global timer, not node:timers/promises: vitest's fake timers drive this one, so tests run hours of backoff.
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }

  /** The error for a response the caller cannot use (a body of the wrong shape, a link off the origin). */
  unexpectedResponse(call: GraphCall, budget: OperationBudget, completed: CompletedCall, detail: string): GraphRequestError {
    const progress = { attempts: completed.attempts, result: completed.response, detail, sensitiveValues: completed.sensitiveValues };
    return this.failure(call, budget, completed.clientRequestId, { ...progress, kind: "unexpectedResponse" });
  }

  private failure(call: GraphCall, budget: OperationBudget, clientRequestId: string, facts: Progress & { kind: GraphErrorKind }) {
    return buildGraphFailure({
      attempts: 0,
      sensitiveValues: call.sensitiveValues,
      ...facts,
      call,
      clientRequestId,
      startedAt: budget.startedAt,
      settings: this.settings,
    });
  }
}
