import { CredentialTokenSource } from "./credentialTokenSource";
import type { ProviderSettings } from "./settings";

/** Bearer tokens for Microsoft Graph. */
export interface AccessTokenSource {
  /**
   * A token for the settings' Graph scope. The first call builds the credential and requests a token; later calls
   * reuse it until shortly before it expires. Concurrent calls share one request.
   *
   * @throws NoUsableCredentialError when no credential is configured or available.
   * @throws AuthenticationFailedError when Microsoft Entra refuses the credential.
   * @throws OidcTokenRequestError when the CI system's OIDC endpoint does not issue a federated token.
   */
  getAccessToken(): Promise<string>;
}

/**
 * The provider process's one token source. Creating it does nothing: `@azure/identity` is loaded and the credential
 * built on the first getAccessToken, so a preview that never calls Graph needs no credential at all.
 *
 * @param settings - The resolved provider settings.
 */
export function createAccessTokenSource(settings: ProviderSettings): AccessTokenSource {
  return new CredentialTokenSource(settings);
}
