import type { AttemptRequest, AttemptResult, AttemptTransport } from "../../../provider/graph/transport";

/** One attempt as the fake transport saw it. */
export interface SentAttempt {
  at: number;
  request: AttemptRequest;
}

/** A scripted answer: a result, or a function of the request. */
export type ScriptedAnswer = AttemptResult | ((request: AttemptRequest) => AttemptResult);

/** Answers attempts from a script, in order, and records when each came. */
export class ScriptedTransport implements AttemptTransport {
  readonly sent: SentAttempt[] = [];
  readonly #script: ScriptedAnswer[];
  readonly #fallback: ScriptedAnswer;

  constructor(script: ScriptedAnswer[], fallback: ScriptedAnswer = respond(204)) {
    this.#script = [...script];
    this.#fallback = fallback;
  }

  send(request: AttemptRequest): Promise<AttemptResult> {
    this.sent.push({ at: Date.now(), request });
    const answer = this.#script.shift() ?? this.#fallback;
    return Promise.resolve(typeof answer === "function" ? answer(request) : answer);
  }

  /** Milliseconds between consecutive attempts. */
  gaps(): number[] {
    return this.sent.slice(1).map((attempt, index) => attempt.at - (this.sent[index]?.at ?? 0));
  }
}

/** A response. */
export function respond(status: number, body = "", headers: Record<string, string> = {}): AttemptResult {
  return { type: "response", status, body, headers, durationMs: 1 };
}

/** A Graph error response. */
export function graphError(
  status: number,
  code: string,
  message = "",
  headers: Record<string, string> = {},
): AttemptResult {
  const body = JSON.stringify({
    error: { code, message, innerError: { date: "2026-11-30T10:00:00", "request-id": "req-body-id" } },
  });
  return respond(status, body, { "request-id": "req-1", date: "Mon, 30 Nov 2026 10:00:00 GMT", ...headers });
}

/** A directory error: Graph's top-level code with the specific one in `details[0]` (e.g. NoBackingApplicationObject). */
export function directoryError(status: number, code: string, detailCode: string): AttemptResult {
  const message = "The appId of the service principal does not reference a valid application object.";
  const body = JSON.stringify({
    error: { code, message, details: [{ code: detailCode, message, target: "appId" }], innerError: { "request-id": "req-body-id" } },
  });
  return respond(status, body, { "request-id": "req-1" });
}

/** A failure without a response. */
export function fail(failure: "timeout" | "network" | "tooLarge", code: string): AttemptResult {
  return { type: "failure", failure, code, durationMs: 1 };
}

/** Captures how a promise settles, so a test can run fake timers before looking. */
export function capture<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}
