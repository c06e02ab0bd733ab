/**
 * A sink for diagnostic lines. Callers check `enabled` before building a line, so a disabled logger costs nothing.
 *
 * Lines handed to a logger must already be redacted: the logger writes them as they are.
 */
export interface DebugLogger {
  /** Whether lines are written at all. */
  readonly enabled: boolean;
  /** Writes one line (no trailing newline needed). Does nothing when the logger is disabled. */
  log(line: string): void;
}

/** Options of {@link createDebugLogger}. */
export interface DebugLoggerOptions {
  /** Turns logging on or off; when absent, the `GRAPHSYNC_DEBUG` environment variable decides (`1` or `true`). */
  enabled?: boolean;
  /** Where lines go; standard error by default, so they never mix with a program's output. */
  write?: (line: string) => void;
  /** The environment consulted when `enabled` is absent; `process.env` by default. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The environment variable that switches debug logging on. */
export const DEBUG_ENVIRONMENT_VARIABLE = "GRAPHSYNC_DEBUG";

/**
 * Whether the environment asks for debug logging: `GRAPHSYNC_DEBUG` set to `1` or `true` (any case).
 *
 * @param env - the environment to read
 */
export function isDebugRequested(env: Readonly<Record<string, string | undefined>>): boolean {
  const value = env[DEBUG_ENVIRONMENT_VARIABLE]?.trim().toLowerCase();
  return value === "1" || value === "true";
}

/**
 * Creates the debug logger of a provider process.
 *
 * @param options - switch and destination; see {@link DebugLoggerOptions}
 */
export function createDebugLogger(options: DebugLoggerOptions = {}): DebugLogger {
  const enabled = options.enabled ?? isDebugRequested(options.env ?? process.env);
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  return {
    enabled,
    log(line: string): void {
      if (enabled) {
        write(line);
      }
    },
  };
}

/** A logger that writes nothing; the default when no logger is configured. */
export const silentLogger: DebugLogger = { enabled: false, log: () => undefined };
