import { keepExpected, printable, redactQueryValues } from "./sanitizer";

/** Debug lines (`graphsync:debug`); callers check `enabled` first and build lines from allow-listed facts only. */
export interface DebugLogger {
  /** Whether lines are written at all. */ readonly enabled: boolean;
  /** Writes one line (no trailing newline needed). Does nothing when the logger is disabled. */ log(line: string): void;
}

/** A logger that writes nothing; the default when no logger is configured. */
export const silentLogger: DebugLogger = { enabled: false, log: () => undefined };

/** The debug logger of a provider process; lines go to stderr (which the engine shows) unless `write` says otherwise. */
export function createDebugLogger(enabled: boolean, write = (line: string): void => void process.stderr.write(`${line}\n`)): DebugLogger {
  return enabled ? { enabled, log: write } : silentLogger;
}

/** Response headers that may be logged; any other could carry a credential (`set-cookie`, challenges, a proxy's). */
const LOGGED_RESPONSE_HEADERS: readonly string[] = [
  "retry-after", "date", "x-ms-ags-diagnostic", "x-ms-resource-unit", "x-ms-throttle-information",
  "x-ms-throttle-limit-percentage", "x-ms-throttle-scope",
];

/** What one HTTP attempt leaves in the debug log, and nothing else about a request ever. */
export type AttemptLogRecord = { method: string; target: string; outcome: number | string; attempt: number; durationMs: number } & {
  requestId?: string;
  clientRequestId: string;
  responseHeaders?: Readonly<Record<string, string | undefined>>;
  /** Values of the call (its secrets, its token) that a server's id or header must not repeat. */ known?: readonly string[];
};

/** One attempt as one line: `graphsync: PUT <path> status=429 attempt=1 durationMs=12 request-id=… retry-after=2`. */
export function formatAttemptLine(record: AttemptLogRecord): string {
  const fields = [`graphsync: ${record.method} ${redactQueryValues(record.target)}`, `status=${record.outcome}`];
  fields.push(`attempt=${record.attempt}`, `durationMs=${Math.round(record.durationMs)}`);
  // A server's id and headers are its text: scrubbed of the call's values before anything else is kept of them.
  const known = record.known ?? [];
  if (record.requestId !== undefined) fields.push(`request-id=${keepExpected(record.requestId, "id", known) ?? ""}`);
  fields.push(`client-request-id=${keepExpected(record.clientRequestId, "id") ?? ""}`);
  for (const name of LOGGED_RESPONSE_HEADERS) {
    const value = record.responseHeaders?.[name];
    if (value !== undefined) fields.push(`${name}=${printable(value, 200, known)}`);
  }
  return fields.join(" ");
}
