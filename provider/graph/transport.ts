import axios, { type AxiosInstance } from "axios";

/** The HTTP methods Graph is called with: secrets are read and written, jobs also created, acted on and deleted. */
export type GraphMethod = "GET" | "PUT" | "POST" | "DELETE";

/** One HTTP attempt to send. */
export interface AttemptRequest {
  readonly method: GraphMethod;
  /** Path and query relative to the Graph origin; always starts with `/`. */ readonly target: string;
  /** Request headers, the Authorization header included. */ readonly headers: Readonly<Record<string, string>>;
  /** The JSON body, for PUT and POST. */ readonly body?: string;
  /** Wall-clock limit of this attempt in milliseconds. */ readonly timeoutMs: number;
}

/** A response, whatever its status: headers with lower-case names, the raw body, the wall time in milliseconds. */
export type AttemptResponse = Readonly<{ type: "response"; status: number; headers: Readonly<Record<string, string | undefined>> }> &
  Readonly<{ body: string; durationMs: number }>;

/** No usable response: time ran out, the connection failed or the body passed the limit; `code` (`ECONNRESET`...) says how. */
export type AttemptFailure = Readonly<{ type: "failure"; failure: "timeout" | "network" | "tooLarge"; code: string; durationMs: number }>;

/** The outcome of one attempt. A transport never throws; everything it knows is in here. */
export type AttemptResult = AttemptResponse | AttemptFailure;

/** Sends single attempts and never rejects: the seam between the retry logic and the HTTP library. */
export interface AttemptTransport {
  /** Sends one attempt and reports what happened. */ send(request: AttemptRequest): Promise<AttemptResult>;
}

const SAFE_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/**
 * The only file that touches axios: one instance bound to the Graph origin (no absolute URLs, no redirects), every status a
 * response, every error reduced to a code (the error object holds the Authorization header and the body). What can be
 * decided once is set on the instance, and the body passes untouched (axios would parse JSON text to re-check it).
 */
export class AxiosTransport implements AttemptTransport {
  readonly #instance: AxiosInstance;

  /** @param options - the Graph origin (`https://host[:port]`), the only place requests go, and the size limits */
  constructor(options: { origin: string; maxResponseBytes: number; maxRequestBytes: number }) {
    // axios looks the proxy variables up on every request; when none of those it reads for https is set, say so once.
    const proxied = ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"].some((name) => process.env[name]);
    this.#instance = axios.create({
      adapter: "http", baseURL: options.origin, allowAbsoluteUrls: false, maxRedirects: 0, ...(proxied ? {} : { proxy: false }),
      maxContentLength: options.maxResponseBytes, maxBodyLength: options.maxRequestBytes, validateStatus: () => true,
      responseType: "text",
      // The body is sent and received as text: the caller serializes it once and parses what it expects.
      transformRequest: [(data: unknown) => data],
      transformResponse: [(data: unknown) => data],
      // Defence in depth only: the error object is never kept, but if it were serialised these stay hidden.
      redact: ["authorization", "data"],
    });
  }

  async send(request: AttemptRequest): Promise<AttemptResult> {
    const started = performance.now();
    // One wall-clock limit for the whole attempt (axios's own timeout restarts with every byte that arrives).
    const signal = AbortSignal.timeout(Math.max(1, Math.ceil(request.timeoutMs)));
    try {
      const { method, target: url, headers, body: data } = request;
      const response = await this.#instance.request<unknown>({ method, url, headers, data, signal });
      const received: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers as Record<string, unknown>)) {
        if (typeof value === "string") received[name.toLowerCase()] = value;
      }
      const body = typeof response.data === "string" ? response.data : "";
      return { type: "response", status: response.status, headers: received, body, durationMs: performance.now() - started };
    } catch (error: unknown) {
      const durationMs = performance.now() - started;
      const code = errorCode(error);
      if (signal.aborted || code === "ETIMEDOUT" || code === "ECONNABORTED") {
        return { type: "failure", failure: "timeout", code: signal.aborted ? "ATTEMPT_TIMEOUT" : code, durationMs };
      }
      if (code === "ERR_BAD_RESPONSE" && error instanceof Error && /maxContentLength/.test(error.message)) {
        return { type: "failure", failure: "tooLarge", code: "MAX_CONTENT_LENGTH", durationMs };
      }
      return { type: "failure", failure: "network", code, durationMs };
    }
  }
}

// Only the code leaves this file, and only when it looks like a code: error messages can quote URLs and headers.
function errorCode(error: unknown): string {
  const codeOf = (value: unknown): string | undefined => {
    const code = typeof value === "object" && value !== null ? (value as { code?: unknown }).code : undefined;
    return typeof code === "string" ? code : undefined;
  };
  const direct = codeOf(error);
  // axios reports a broken connection as its own code and keeps the system's code on the cause.
  const code = direct === undefined || direct === "ERR_NETWORK" ? (codeOf((error as { cause?: unknown } | null)?.cause) ?? direct) : direct;
  return code !== undefined && SAFE_CODE.test(code) ? code : "UNKNOWN_NETWORK_ERROR";
}
