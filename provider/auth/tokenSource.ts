import type * as Identity from "@azure/identity";
import { DEFAULTS } from "../defaults";
import type { ProviderSettings } from "../settings/providerSettings";
import { createCredential, type CredentialSettings, type IdentityModule } from "./credential";
import { AuthenticationFailedError, NoUsableCredentialError } from "./errors";
import { translateTokenFailure } from "./tokenFailure";

/** Bearer tokens for Microsoft Graph: the first call builds the credential, later calls reuse its token. */
export interface AccessTokenSource {
  /** A token for the Graph scope; throws `NoUsableCredentialError`, `AuthenticationFailedError` or `OidcTokenRequestError`. */
  getAccessToken(): Promise<string>;
}

/** The process's one token source: `@azure/identity` and the credential come on the first request, never in a preview. */
export function createAccessTokenSource(
  settings: CredentialSettings & Pick<ProviderSettings, "graphScope">,
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on the first token request, never in a preview
  loadIdentity: () => IdentityModule = () => require("@azure/identity") as IdentityModule,
): AccessTokenSource {
  let credential: Identity.TokenCredential | undefined;
  const cache = new AccessTokenCache(async () => {
    const plan = settings.credential;
    if (plan.kind === "unavailable") throw new NoUsableCredentialError({ considered: plan.considered, demandedBy: plan.demandedBy });
    let token: Identity.AccessToken | null;
    try {
      credential ??= createCredential(settings, loadIdentity());
      token = await credential.getToken(settings.graphScope);
    } catch (error) {
      throw translateTokenFailure(error, plan);
    }
    if (token === null) throw new AuthenticationFailedError({ credential: plan.kind, description: "the credential returned no token" });
    return token;
  });
  return { getAccessToken: () => cache.get() };
}

/** A token, when it expires and when its issuer suggests renewing it (ms since the epoch). */
export type CachedToken = { readonly token: string; readonly expiresOnTimestamp: number; readonly refreshAfterTimestamp?: number };

/** One token per run: callers share one acquisition, and renewal runs in the background so no Graph call stalls. */
export class AccessTokenCache {
  private held?: CachedToken & { readonly renewAt: number };
  private inFlight?: Promise<CachedToken & { readonly renewAt: number }>;
  private quietUntil = 0;

  /** @param acquire - obtains a new token, called once at a time */
  constructor(
    private readonly acquire: () => Promise<CachedToken>,
    private readonly now: () => number = Date.now,
  ) {}

  /** A valid token, acquiring or renewing one when needed. */
  async get(): Promise<string> {
    const now = this.now();
    const held = this.held;
    if (held === undefined || now >= held.expiresOnTimestamp - DEFAULTS.tokenMinimumValidityMs) return (await this.renew()).token;
    if (now >= held.renewAt && now >= this.quietUntil && this.inFlight === undefined) {
      // The held token stays in use after a failed renewal; the next call after the quiet period tries again.
      this.renew().catch(() => (this.quietUntil = this.now() + DEFAULTS.tokenRetryAfterFailureMs));
    }
    return held.token;
  }

  private renew(): Promise<CachedToken & { readonly renewAt: number }> {
    this.inFlight ??= this.acquire()
      .then((token) => {
        // A fixed margin before expiry, but never in the first half of a short token's life (or every call would
        // start a renewal); earlier when the issuer says so.
        const obtainedAt = this.now();
        const expiresOn = token.expiresOnTimestamp;
        const byMargin = Math.max(expiresOn - DEFAULTS.tokenRenewBeforeExpiryMs, (obtainedAt + expiresOn) / 2);
        return (this.held = { ...token, renewAt: Math.min(byMargin, token.refreshAfterTimestamp ?? byMargin) });
      })
      .finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }
}
