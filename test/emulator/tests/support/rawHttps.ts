import { Agent, request as httpsRequest } from "node:https";
import { request as httpRequest, IncomingHttpHeaders } from "node:http";
import { expect } from "vitest";

/** A response read in full. */
export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** The body parsed as JSON (undefined when empty or not JSON). */
  readonly json: unknown;
}

/** Options of one raw request. */
export interface RawRequest {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  /** Aborts with ETIMEDOUT-like error after this many ms without a response. */
  readonly timeoutMs?: number;
  readonly agent?: Agent;
}

const keepAlive = new Agent({ keepAlive: true });

/**
 * One request with Node's own https (or http) client and the process's default trust store, so a test proves
 * NODE_EXTRA_CA_CERTS is enough to trust the emulator.
 */
export function rawRequest(url: string, options: RawRequest = {}): Promise<RawResponse> {
  const isHttps = url.startsWith("https:");
  return new Promise((resolve, reject) => {
    const send = isHttps ? httpsRequest : httpRequest;
    const request = send(
      url,
      {
        method: options.method ?? "GET",
        headers: options.headers,
        ...(isHttps ? { agent: options.agent ?? keepAlive } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = text === "" ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
        });
      },
    );
    request.on("error", reject);
    if (options.timeoutMs !== undefined) {
      request.setTimeout(options.timeoutMs, () => request.destroy(Object.assign(new Error("client timeout"), { code: "ETIMEDOUT" })));
    }
    request.end(options.body);
  });
}

/** Fails loudly when the run's CA is missing: the tests must run with test/emulator/globalSetup.ts. */
export function requireRunCertificateAuthority(): void {
  expect(
    process.env["PGS_EMULATOR_CA_DIR"],
    "PGS_EMULATOR_CA_DIR is not set: run vitest with --globalSetup test/emulator/globalSetup.ts",
  ).toBeTruthy();
  expect(process.env["NODE_EXTRA_CA_CERTS"], "NODE_EXTRA_CA_CERTS is not set by the global setup").toBeTruthy();
}

/** Asserts none of the values appears in the text (credentials must never leak into logs or errors). */
export function expectNoneOf(text: string, values: readonly (string | undefined)[]): void {
  for (const value of values) {
    if (value === undefined || value === "") continue;
    expect(text.includes(value), `a credential value leaked (${value.length} characters)`).toBe(false);
  }
}
