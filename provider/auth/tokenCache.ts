import { DEFAULTS } from "../defaults";

/** A token and when it stops being usable. */
export interface CachedToken {
  /** The bearer token. */ readonly token: string;
  /** When it expires (ms since the epoch). */ readonly expiresOnTimestamp: number;
  /** When the issuer suggests renewing it (ms since the epoch), if it said. */ readonly refreshAfterTimestamp?: number;
}

/**
 * Holds one access token and renews it before it expires: one token per run, however many resources. Concurrent
 * callers share one acquisition; while a token is still valid a renewal runs in the background and callers keep the
 * current token, so a slow or failing token endpoint does not stall Graph calls until the token is about to expire.
 */
export class AccessTokenCache {
  private held?: CachedToken & { readonly renewAt: number };
  private inFlight?: Promise<CachedToken & { readonly renewAt: number }>;
  private quietUntil = 0;

  /**
   * @param acquire - obtains a new token; called once at a time
   * @param now - the clock (ms since the epoch)
   */
  constructor(
    private readonly acquire: () => Promise<CachedToken>,
    private readonly now: () => number = Date.now,
  ) {}

  /** A valid token, acquiring or renewing one when needed. */
  async get(): Promise<string> {
    const now = this.now();
    const held = this.held;
    if (held === undefined || now >= held.expiresOnTimestamp - DEFAULTS.tokenMinimumValidityMs) {
      return (await this.renew()).token;
    }
    if (now >= held.renewAt && now >= this.quietUntil && this.inFlight === undefined) {
      this.renew().catch(() => {
        // The held token stays in use; the next call after the quiet period tries again.
        this.quietUntil = this.now() + DEFAULTS.tokenRetryAfterFailureMs;
      });
    }
    return held.token;
  }

  private renew(): Promise<CachedToken & { readonly renewAt: number }> {
    this.inFlight ??= this.acquire()
      .then((token) => {
        // A fixed margin before expiry, but never in the first half of a short-lived token's life, or every call would
        // start a renewal; earlier when the issuer says so.
        const obtainedAt = this.now();
        const byMargin = Math.max(token.expiresOnTimestamp - DEFAULTS.tokenRenewBeforeExpiryMs, obtainedAt + (token.expiresOnTimestamp - obtainedAt) / 2);
        this.held = { ...token, renewAt: Math.min(byMargin, token.refreshAfterTimestamp ?? byMargin) };
        return this.held;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }
}
