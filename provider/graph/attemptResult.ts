/** One HTTP attempt to send, as the transport needs it. */
export interface AttemptRequest {
  /** HTTP method. */
  method: "GET" | "PUT";
  /** Path and query relative to the Graph origin; always starts with `/`. */
  target: string;
  /** Request headers, the Authorization header included. */
  headers: Readonly<Record<string, string>>;
  /** The JSON body, for PUT. */
  body?: string;
  /** Wall-clock limit of this attempt in milliseconds. */
  timeoutMs: number;
  /** The caller's cancellation. */
  signal?: AbortSignal;
}

/** A response, whatever its status. */
export interface AttemptResponse {
  /** Discriminant. */
  type: "response";
  /** HTTP status. */
  status: number;
  /** Response headers with lower-case names. */
  headers: Readonly<Record<string, string>>;
  /** The raw body text. */
  body: string;
  /** Wall time in milliseconds. */
  durationMs: number;
}

/**
 * An attempt that got no usable response.
 *
 * - `timeout`: the attempt's time ran out.
 * - `aborted`: the caller's signal aborted it.
 * - `network`: the connection failed; `code` names how (`ECONNRESET`, `CERT_HAS_EXPIRED`, ...).
 * - `tooLarge`: the response passed the size limit.
 */
export interface AttemptFailure {
  /** Discriminant. */
  type: "failure";
  /** How the attempt failed. */
  failure: "timeout" | "aborted" | "network" | "tooLarge";
  /** A system or library error code; only ever upper-case letters, digits and underscores. */
  code: string;
  /** Wall time in milliseconds. */
  durationMs: number;
}

/** The outcome of one attempt. A transport never throws; everything it knows is in here. */
export type AttemptResult = AttemptResponse | AttemptFailure;

/** Sends single attempts; the seam between the retry logic and the HTTP library. */
export interface AttemptTransport {
  /**
   * Sends one attempt and reports what happened. Never rejects.
   *
   * @param request - what to send
   */
  send(request: AttemptRequest): Promise<AttemptResult>;
}
