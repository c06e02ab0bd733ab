import { pickLoggedHeaders } from "./loggedHeaders";
import { redactQueryValues } from "./redactedPath";

/** What one HTTP attempt leaves in the debug log. Nothing else about a request is ever logged. */
export interface AttemptLogRecord {
  /** HTTP method. */
  method: string;
  /** Request target relative to the origin; query values are redacted when the line is formatted. */
  target: string;
  /** HTTP status, or the network failure (for example `ECONNRESET` or `timeout`) when no response came. */
  outcome: number | string;
  /** 1 for the first attempt of a logical call. */
  attempt: number;
  /** Wall time of the attempt in milliseconds. */
  durationMs: number;
  /** Graph's `request-id` response header, when a response came. */
  requestId?: string;
  /** The `client-request-id` this client sent (the same for every attempt of a logical call). */
  clientRequestId: string;
  /** Response headers with lower-case names; only the allow-listed ones are written. */
  responseHeaders?: Readonly<Record<string, string>>;
}

/**
 * Formats one attempt as a single log line, for example
 * `graphsync: PUT /v1.0/servicePrincipals/.../synchronization/secrets status=429 attempt=1 durationMs=12
 * request-id=... client-request-id=... retry-after=2`.
 *
 * @param record - the attempt to describe
 */
export function formatAttemptLine(record: AttemptLogRecord): string {
  const fields = [
    `graphsync: ${record.method} ${redactQueryValues(record.target)}`,
    `status=${record.outcome}`,
    `attempt=${record.attempt}`,
    `durationMs=${Math.round(record.durationMs)}`,
  ];
  if (record.requestId !== undefined) {
    fields.push(`request-id=${idText(record.requestId)}`);
  }
  fields.push(`client-request-id=${idText(record.clientRequestId)}`);
  if (record.responseHeaders !== undefined) {
    fields.push(...pickLoggedHeaders(record.responseHeaders));
  }
  return fields.join(" ");
}

// Request ids are GUIDs; anything else a server sends in their place is reduced to safe characters and cut short.
function idText(value: string): string {
  return value.replace(/[^A-Za-z0-9-]/g, "").slice(0, 64);
}
