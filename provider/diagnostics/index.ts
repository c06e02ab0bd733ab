// The diagnostics edge: the debug logger and the redaction it relies on.
export { createDebugLogger, isDebugRequested, silentLogger, DEBUG_ENVIRONMENT_VARIABLE } from "./debugLogger";
export type { DebugLogger, DebugLoggerOptions } from "./debugLogger";
export { formatAttemptLine } from "./attemptLine";
export type { AttemptLogRecord } from "./attemptLine";
export { LOGGED_RESPONSE_HEADERS, pickLoggedHeaders } from "./loggedHeaders";
export { redactQueryValues, REDACTED } from "./redactedPath";
export { scrubKnownValues, scrubTokenShapes, SCRUBBED } from "./knownValues";
