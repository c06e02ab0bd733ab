// The Microsoft Graph edge: the client, its options and its one error type.
export { GraphClient } from "./graphClient";
export type { GraphClientOptions, SecretsCallOptions, SecretPair, GraphApiVersion } from "./graphClient";
export { GRAPH_CLIENT_DEFAULTS } from "./graphClientOptions";
export {
  GraphRequestError,
  GraphRequestErrorName,
  isGraphRequestError,
  isNotFoundError,
} from "./graphRequestError";
export type { GraphErrorKind, GraphAttemptSummary, GraphRequestErrorDetails, RetryStop } from "./graphRequestError";
export { DEFAULT_RETRY_POLICY } from "./retryPolicy";
export type { RetryPolicy } from "./retryPolicy";
export type { AttemptTransport, AttemptRequest, AttemptResult } from "./attemptResult";
