import { keepExpected, printable, redactQueryValues } from "./sanitizer";

/**
 * A sink for diagnostic lines (`graphsync:debug` or `GRAPHSYNC_DEBUG`). Callers check `enabled` before building a
 * line, so a disabled logger costs nothing. Lines must be built from allow-listed facts only: it writes them as given.
 */
export interface DebugLogger {
  /** Whether lines are written at all. */
  readonly enabled: boolean;
  /** Writes one line (no trailing newline needed). Does nothing when the logger is disabled. */
  log(line: string): void;
}

/** A logger that writes nothing; the default when no logger is configured. */
export const silentLogger: DebugLogger = { enabled: false, log: () => undefined };

/**
 * The debug logger of a provider process.
 *
 * @param enabled - whether lines are written
 * @param write - where lines go; standard error by default, which the engine shows and which never mixes with output
 */
export function createDebugLogger(enabled: boolean, write = (line: string): void => void process.stderr.write(`${line}\n`)): DebugLogger {
  return enabled ? { enabled, log: write } : silentLogger;
}

/**
 * Response headers that may appear in debug output. Everything else is left out: a header not on this list could
 * carry a credential (`set-cookie`, `www-authenticate` challenges, anything a proxy adds).
 */
export const LOGGED_RESPONSE_HEADERS: readonly string[] = [
  "retry-after",
  "date",
  "x-ms-ags-diagnostic",
  "x-ms-resource-unit",
  "x-ms-throttle-information",
  "x-ms-throttle-limit-percentage",
  "x-ms-throttle-scope",
];

/** What one HTTP attempt leaves in the debug log. Nothing else about a request is ever logged. */
export interface AttemptLogRecord {
  /** HTTP method. */
  method: string;
  /** Request target relative to the origin; query values are redacted in the line. */
  target: string;
  /** HTTP status, or the network failure (for example `ECONNRESET`) when no response came. */
  outcome: number | string;
  /** 1 for the first attempt of a logical call. */
  attempt: number;
  /** Wall time of the attempt in milliseconds. */
  durationMs: number;
  /** Graph's `request-id` response header, when a response came. */
  requestId?: string;
  /** The `client-request-id` sent (the same for every attempt of a logical call). */
  clientRequestId: string;
  /** Response headers with lower-case names; only the allow-listed ones are written. */
  responseHeaders?: Readonly<Record<string, string | undefined>>;
}

/**
 * One attempt as a single line, e.g. `graphsync: PUT /v1.0/servicePrincipals/.../synchronization/secrets status=429
 * attempt=1 durationMs=12 request-id=... client-request-id=... retry-after=2`. Header values are flattened to one
 * line and cut at 200 characters, ids keep only their expected characters.
 */
export function formatAttemptLine(record: AttemptLogRecord): string {
  const fields = [
    `graphsync: ${record.method} ${redactQueryValues(record.target)}`,
    `status=${record.outcome}`,
    `attempt=${record.attempt}`,
    `durationMs=${Math.round(record.durationMs)}`,
  ];
  if (record.requestId !== undefined) {
    fields.push(`request-id=${keepExpected(record.requestId, "id") ?? ""}`);
  }
  fields.push(`client-request-id=${keepExpected(record.clientRequestId, "id") ?? ""}`);
  for (const name of LOGGED_RESPONSE_HEADERS) {
    const value = record.responseHeaders?.[name];
    if (value !== undefined) {
      fields.push(`${name}=${printable(value, 200)}`);
    }
  }
  return fields.join(" ");
}
