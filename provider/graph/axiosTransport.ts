import axios, { type AxiosInstance } from "axios";
import type { AttemptFailure, AttemptRequest, AttemptResult, AttemptTransport } from "./attemptResult";

/** Options of {@link AxiosTransport}. */
export interface AxiosTransportOptions {
  /** The Graph origin (`https://host[:port]`), the only place requests go. */
  origin: string;
  /** Largest response body accepted, in bytes. */
  maxResponseBytes: number;
  /** Largest request body sent, in bytes. */
  maxRequestBytes: number;
}

// The codes axios and Node use for a request that ran out of time.
const TIMEOUT_CODES = new Set(["ECONNABORTED", "ETIMEDOUT"]);
const SAFE_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/**
 * Sends attempts through one axios instance bound to the Graph origin. Requests can only go to that origin
 * (`allowAbsoluteUrls: false`, no redirects); every status is returned as a response; every axios error is reduced
 * to an {@link AttemptFailure} holding nothing but a code, so the error object (which holds the Authorization header
 * and the request body) is dropped on the spot.
 */
export class AxiosTransport implements AttemptTransport {
  readonly #instance: AxiosInstance;

  constructor(options: AxiosTransportOptions) {
    this.#instance = axios.create({
      baseURL: options.origin,
      allowAbsoluteUrls: false,
      maxRedirects: 0,
      maxContentLength: options.maxResponseBytes,
      maxBodyLength: options.maxRequestBytes,
      validateStatus: () => true,
      responseType: "text",
      // The body is parsed by the caller, which knows what it expects and fails with a typed error.
      transformResponse: [(data: unknown) => data],
      transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
      // Defence in depth only: the error object is never kept, but if it were serialised these stay hidden.
      redact: ["authorization", "data"],
    });
  }

  async send(request: AttemptRequest): Promise<AttemptResult> {
    const started = performance.now();
    // axios's own timeout restarts with socket activity; this one is wall-clock for the whole attempt.
    const attemptTimer = AbortSignal.timeout(Math.max(1, Math.ceil(request.timeoutMs)));
    const signal = request.signal === undefined ? attemptTimer : AbortSignal.any([attemptTimer, request.signal]);
    try {
      const response = await this.#instance.request<unknown>({
        method: request.method,
        url: request.target,
        headers: { ...request.headers },
        data: request.body,
        timeout: Math.max(1, Math.ceil(request.timeoutMs)),
        signal,
      });
      return {
        type: "response",
        status: response.status,
        headers: plainHeaders(response.headers),
        body: typeof response.data === "string" ? response.data : "",
        durationMs: performance.now() - started,
      };
    } catch (error: unknown) {
      const durationMs = performance.now() - started;
      if (request.signal?.aborted === true) {
        return failure("aborted", "ABORTED", durationMs);
      }
      if (attemptTimer.aborted) {
        return failure("timeout", "ATTEMPT_TIMEOUT", durationMs);
      }
      return classify(error, durationMs);
    }
  }
}

function classify(error: unknown, durationMs: number): AttemptFailure {
  const code = errorCode(error);
  if (TIMEOUT_CODES.has(code)) {
    return failure("timeout", code, durationMs);
  }
  if (code === "ERR_BAD_RESPONSE" && isSizeError(error)) {
    return failure("tooLarge", "MAX_CONTENT_LENGTH", durationMs);
  }
  return failure("network", code, durationMs);
}

function failure(kind: AttemptFailure["failure"], code: string, durationMs: number): AttemptFailure {
  return { type: "failure", failure: kind, code, durationMs };
}

// Only the code leaves this file, and only when it looks like a code: error messages can quote URLs and headers.
function errorCode(error: unknown): string {
  const direct = codeOf(error);
  const nested = codeOf(typeof error === "object" && error !== null ? (error as { cause?: unknown }).cause : undefined);
  // axios reports a broken connection as its own code and keeps the system's code on the cause.
  const code = direct === undefined || direct === "ERR_NETWORK" ? (nested ?? direct) : direct;
  return code !== undefined && SAFE_CODE.test(code) ? code : "UNKNOWN_NETWORK_ERROR";
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) {
    return undefined;
  }
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

function isSizeError(error: unknown): boolean {
  return error instanceof Error && /maxContentLength/.test(error.message);
}

function plainHeaders(headers: unknown): Record<string, string> {
  const plain: Record<string, string> = {};
  if (typeof headers !== "object" || headers === null) {
    return plain;
  }
  const source = "toJSON" in headers && typeof headers.toJSON === "function" ? (headers.toJSON() as object) : headers;
  for (const [name, value] of Object.entries(source)) {
    if (typeof value === "string") {
      plain[name.toLowerCase()] = value;
    } else if (Array.isArray(value)) {
      plain[name.toLowerCase()] = value.filter((item) => typeof item === "string").join(", ");
    } else if (typeof value === "number") {
      plain[name.toLowerCase()] = String(value);
    }
  }
  return plain;
}
