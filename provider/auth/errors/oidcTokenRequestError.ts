/** The `name` of an {@link OidcTokenRequestError}. */
export const OidcTokenRequestErrorName = "OidcTokenRequestError";

/**
 * The federated (OIDC) token could not be fetched from the CI system's token endpoint (GitHub Actions, Azure
 * Pipelines). The message names the endpoint without its query string and the setting it came from.
 */
export class OidcTokenRequestError extends Error {
  /** The HTTP status the endpoint answered, when it answered. */
  readonly statusCode?: number;
  /** The endpoint's origin and path. */
  readonly endpoint: string;

  /**
   * @param message - What failed and what to check, free of tokens.
   * @param details - The endpoint (origin and path), the status, and the redacted cause.
   */
  constructor(message: string, details: { endpoint: string; statusCode?: number; cause?: Error }) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = OidcTokenRequestErrorName;
    this.endpoint = details.endpoint;
    if (details.statusCode !== undefined) this.statusCode = details.statusCode;
  }
}
