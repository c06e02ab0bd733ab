import { randomUUID } from "node:crypto";
import { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { Socket } from "node:net";
import type { GraphErrorDetail } from "../graph/graphRejection";
import type { GraphRoute } from "../graph/graphRoute";
import { RequestLogEntry } from "../types";
import { MAX_BODY_BYTES, RequestBodyTooLargeError } from "./requestBodyTooLargeError";

/** Graph's `innerError.date`: ISO 8601 to the second, without a zone designator. */
function graphDate(now: Date): string {
  return now.toISOString().slice(0, 19);
}

/** Entra's `timestamp`: "2026-11-30 09:56:01Z". */
function entraTimestamp(now: Date): string {
  return `${now.toISOString().slice(0, 19).replace("T", " ")}Z`;
}

/**
 * One request and its response: correlation headers, the Graph and Entra error shapes, body reading and the
 * fault behaviours (reset, hang). It records itself once: when it hands its answer to the connection, or when the
 * connection drops without one.
 */
export class Exchange {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly method: string;
  /** Path and query as sent. */
  readonly target: string;
  readonly url: URL;
  /** The `request-id` this exchange answers with. */
  readonly requestId = randomUUID();
  /** The client's correlation id, from `client-request-id`, `x-ms-client-request-id` or MSAL's query parameter. */
  readonly clientRequestId: string | undefined;
  readonly startedAt = Date.now();
  surface: RequestLogEntry["surface"] = "other";
  fault: RequestLogEntry["fault"];
  /** When the request arrived, on the monotonic clock (`performance.now()`). */
  readonly startMs = performance.now();
  /** When the answer was handed to the connection; undefined until then. */
  answeredMs: number | undefined;
  /** What the Graph surface read from the method and path (set for Graph requests). */
  route: GraphRoute | undefined;
  /** The key names a PUT of secrets carried, once its body parsed (for the log; never a value). */
  secretKeys: readonly string[] | undefined;
  #finished = false;
  #onDone: ((exchange: Exchange) => void) | undefined;
  #body: Promise<Buffer> | undefined;

  constructor(request: IncomingMessage, response: ServerResponse, origin: string) {
    this.request = request;
    this.response = response;
    this.method = (request.method ?? "GET").toUpperCase();
    this.target = request.url ?? "/";
    this.url = new URL(this.target, origin);
    this.clientRequestId =
      this.header("client-request-id") ??
      this.header("x-ms-client-request-id") ??
      (this.url.searchParams.get("client-request-id") || undefined);
    const settle = () => this.#settle();
    response.once("finish", settle);
    response.once("close", settle);
  }

  /** Registers the callback that records the exchange once it is over. */
  onDone(callback: (exchange: Exchange) => void): void {
    this.#onDone = callback;
  }

  /** A request header as one string (the first value when repeated), or undefined. */
  header(name: string): string | undefined {
    const value = this.request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  }

  /** Status sent so far; 0 when nothing was sent. */
  get status(): number {
    return this.response.headersSent ? this.response.statusCode : 0;
  }

  /** Reads the whole body once (later calls share the read). Rejects with RequestBodyTooLargeError beyond 1 MiB. */
  body(): Promise<Buffer> {
    this.#body ??= this.#readBody();
    return this.#body;
  }

  #readBody(): Promise<Buffer> {
    // Plain listeners rather than `for await`: the async iterator costs measurably at benchmark rates.
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      this.request.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          this.request.removeAllListeners("data");
          this.request.resume();
          reject(new RequestBodyTooLargeError());
          return;
        }
        chunks.push(chunk);
      });
      this.request.once("end", () => resolve(Buffer.concat(chunks)));
      this.request.once("error", reject);
    });
  }

  /** Sends a JSON body. */
  sendJson(status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
    const payload = JSON.stringify(body);
    this.#send(status, { "content-type": "application/json; charset=utf-8", ...headers }, payload);
  }

  /** Sends a status with no body (204, or an error a client must handle without a body). */
  sendEmpty(status: number, headers: OutgoingHttpHeaders = {}): void {
    this.#send(status, headers, undefined);
  }

  /**
   * Sends a Graph error: `{"error":{"code","message","details"?,"innerError":{"date","request-id",
   * "client-request-id"}}}`.
   */
  sendGraphError(
    status: number,
    code: string,
    message: string,
    headers: OutgoingHttpHeaders = {},
    details?: readonly GraphErrorDetail[],
  ): void {
    this.sendJson(
      status,
      {
        error: {
          code,
          message,
          ...(details === undefined ? {} : { details }),
          innerError: {
            date: graphDate(new Date()),
            "request-id": this.requestId,
            "client-request-id": this.clientRequestId ?? this.requestId,
          },
        },
      },
      headers,
    );
  }

  /**
   * Sends an Entra (AADSTS) error: `error`, `error_description` (prefixed `AADSTS<code>:` and suffixed with the
   * trace and correlation ids, as Entra does), `error_codes`, `timestamp`, `trace_id`, `correlation_id`.
   */
  sendEntraError(status: number, error: string, aadsts: number, description: string, headers: OutgoingHttpHeaders = {}): void {
    const now = new Date();
    const correlationId = this.clientRequestId ?? randomUUID();
    const timestamp = entraTimestamp(now);
    this.sendJson(
      status,
      {
        error,
        error_description:
          `AADSTS${aadsts}: ${description} Trace ID: ${this.requestId} Correlation ID: ${correlationId} ` +
          `Timestamp: ${timestamp}`,
        error_codes: [aadsts],
        timestamp,
        trace_id: this.requestId,
        correlation_id: correlationId,
      },
      { "x-ms-request-id": this.requestId, ...headers },
    );
  }

  /**
   * Answers like something in front of Graph would (a proxy, a misrouted endpoint): an HTML page, and none of
   * Graph's correlation headers.
   */
  sendForeignPage(status: number, title: string): void {
    if (this.response.headersSent || this.response.destroyed) return;
    const page = `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>\n`;
    this.answeredMs = performance.now();
    this.response.writeHead(status, { "content-type": "text/html", "content-length": Buffer.byteLength(page) });
    this.response.end(page);
    this.#settle();
  }

  /**
   * Drops the connection without answering. A plain TCP socket is reset (RST); a TLS socket cannot be
   * (`resetAndDestroy` needs a TCP handle), so it is destroyed, which clients see as ECONNRESET "socket hang up".
   */
  reset(): void {
    const socket = this.request.socket as Socket;
    try {
      socket.resetAndDestroy();
    } catch {
      socket.destroy();
    }
  }

  /** Never answers; drops the connection after `delayMs` when given. The emulator's close() ends it otherwise. */
  hang(delayMs?: number): void {
    if (delayMs === undefined) return;
    const timer = setTimeout(() => this.request.socket.destroy(), delayMs);
    this.response.once("close", () => clearTimeout(timer));
  }

  #send(status: number, headers: OutgoingHttpHeaders, payload: string | undefined): void {
    if (this.response.headersSent || this.response.destroyed) return;
    this.answeredMs = performance.now();
    this.response.writeHead(status, {
      "request-id": this.requestId,
      "client-request-id": this.clientRequestId ?? this.requestId,
      ...(payload === undefined ? {} : { "content-length": Buffer.byteLength(payload) }),
      ...headers,
    });
    this.response.end(payload);
    // Recorded now, not on "finish": the entry is in the log before the client can read the answer.
    this.#settle();
  }

  #settle(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#onDone?.(this);
  }
}
