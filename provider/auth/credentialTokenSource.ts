import type * as Identity from "@azure/identity";

import { AccessTokenCache, type CachedToken } from "./accessTokenCache";
import type { AccessTokenSource } from "./accessTokenSource";
import { createCredential, type IdentityModule } from "./credentialFactory";
import { AuthenticationFailedError } from "./errors/authenticationFailedError";
import { NoUsableCredentialError } from "./errors/noUsableCredentialError";
import type { ProviderSettings } from "./settings";
import { translateTokenFailure } from "./tokenFailure";

/** Options of a {@link CredentialTokenSource}. */
export interface CredentialTokenSourceOptions {
  /** Loads `@azure/identity`; by default `require`, on the first token request. */
  readonly loadIdentity?: () => IdentityModule;
}

/**
 * Access tokens for Microsoft Graph from the credential the settings plan. The credential is built on the first
 * request, once; tokens are cached and renewed before expiry by an {@link AccessTokenCache}, so a whole `up` needs
 * one token request however many resources it touches.
 */
export class CredentialTokenSource implements AccessTokenSource {
  private readonly settings: ProviderSettings;
  private readonly loadIdentity: () => IdentityModule;
  private readonly cache: AccessTokenCache;
  private credential?: Identity.TokenCredential;

  /**
   * @param settings - The resolved provider settings.
   * @param options - How to load `@azure/identity`.
   */
  constructor(settings: ProviderSettings, options: CredentialTokenSourceOptions = {}) {
    this.settings = settings;
    this.loadIdentity = options.loadIdentity ?? requireIdentity;
    this.cache = new AccessTokenCache({ acquire: () => this.acquire() });
  }

  /** A bearer token for `settings.graphScope`. */
  getAccessToken(): Promise<string> {
    return this.cache.get();
  }

  private async acquire(): Promise<CachedToken> {
    const plan = this.settings.credential;
    if (plan.kind === "unavailable") {
      throw new NoUsableCredentialError({ considered: plan.considered, demandedBy: plan.demandedBy });
    }
    let token: Identity.AccessToken | null;
    try {
      this.credential ??= createCredential(this.settings, this.loadIdentity());
      token = await this.credential.getToken(this.settings.graphScope);
    } catch (error) {
      throw translateTokenFailure(error, plan);
    }
    if (token === null) {
      throw new AuthenticationFailedError({ credential: plan.kind, description: "the credential returned no token" });
    }
    return {
      token: token.token,
      expiresOnTimestamp: token.expiresOnTimestamp,
      ...(token.refreshAfterTimestamp === undefined ? {} : { refreshAfterTimestamp: token.refreshAfterTimestamp }),
    };
  }
}

function requireIdentity(): IdentityModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on the first token request, so a preview (check, diff) never loads it
  return require("@azure/identity") as IdentityModule;
}
