import type * as Identity from "@azure/identity";
import type { ProviderSettings } from "../settings/providerSettings";
import { createCredential, type CredentialSettings, type IdentityModule } from "./credential";
import { AuthenticationFailedError, NoUsableCredentialError } from "./errors";
import { AccessTokenCache } from "./tokenCache";
import { translateTokenFailure } from "./tokenFailure";

/** Bearer tokens for Microsoft Graph. */
export interface AccessTokenSource {
  /**
   * A token for the settings' Graph scope. The first call builds the credential and requests a token; later calls
   * reuse it until shortly before it expires. Concurrent calls share one request.
   *
   * @throws NoUsableCredentialError when no credential is configured or available
   * @throws AuthenticationFailedError when Microsoft Entra refuses the credential
   * @throws OidcTokenRequestError when the CI system's OIDC endpoint does not issue a federated token
   */
  getAccessToken(): Promise<string>;
}

/**
 * The provider process's one token source. Creating it does nothing: `@azure/identity` is loaded and the credential
 * built on the first token request, so a preview that never calls Graph needs no credential at all.
 *
 * @param settings - the resolved provider settings
 * @param loadIdentity - loads `@azure/identity`; `require` by default
 */
export function createAccessTokenSource(
  settings: CredentialSettings & Pick<ProviderSettings, "graphScope">,
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on the first token request, never in a preview
  loadIdentity: () => IdentityModule = () => require("@azure/identity") as IdentityModule,
): AccessTokenSource {
  let credential: Identity.TokenCredential | undefined;
  const cache = new AccessTokenCache(async () => {
    const plan = settings.credential;
    if (plan.kind === "unavailable") {
      throw new NoUsableCredentialError({ considered: plan.considered, demandedBy: plan.demandedBy });
    }
    let token: Identity.AccessToken | null;
    try {
      credential ??= createCredential(settings, loadIdentity());
      token = await credential.getToken(settings.graphScope);
    } catch (error) {
      throw translateTokenFailure(error, plan);
    }
    if (token === null) {
      throw new AuthenticationFailedError({ credential: plan.kind, description: "the credential returned no token" });
    }
    return token;
  });
  return { getAccessToken: () => cache.get() };
}
