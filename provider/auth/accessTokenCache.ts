/** A token and when it stops being usable. */
export interface CachedToken {
  /** The bearer token. */
  readonly token: string;
  /** When it expires (ms since the epoch). */
  readonly expiresOnTimestamp: number;
  /** When the issuer suggests renewing it (ms since the epoch), if it said. */
  readonly refreshAfterTimestamp?: number;
}

/** Options of an {@link AccessTokenCache}. */
export interface AccessTokenCacheOptions {
  /** Obtains a new token; called once at a time. */
  readonly acquire: () => Promise<CachedToken>;
  /** The clock (ms since the epoch); defaults to Date.now. */
  readonly now?: () => number;
  /** Renew this long before expiry; default 5 minutes. */
  readonly renewBeforeExpiryMs?: number;
  /** Stop serving a token this long before expiry, so it does not expire in flight; default 30 s. */
  readonly minimumValidityMs?: number;
  /** After a failed background renewal, wait this long before trying again; default 10 s. */
  readonly retryAfterFailureMs?: number;
}

interface Held extends CachedToken {
  readonly renewAt: number;
}

/**
 * Holds one access token and renews it before it expires. Concurrent callers share one acquisition; while a token
 * is still valid a renewal runs in the background and callers keep getting the current token, so a slow or failing
 * token endpoint does not stall Graph calls until the token is actually about to expire.
 */
export class AccessTokenCache {
  private readonly acquire: () => Promise<CachedToken>;
  private readonly now: () => number;
  private readonly renewBeforeExpiryMs: number;
  private readonly minimumValidityMs: number;
  private readonly retryAfterFailureMs: number;
  private held?: Held;
  private inFlight?: Promise<Held>;
  private quietUntil = 0;

  /**
   * @param options - How to obtain tokens, and the renewal timing.
   */
  constructor(options: AccessTokenCacheOptions) {
    this.acquire = options.acquire;
    this.now = options.now ?? Date.now;
    this.renewBeforeExpiryMs = options.renewBeforeExpiryMs ?? 300_000;
    this.minimumValidityMs = options.minimumValidityMs ?? 30_000;
    this.retryAfterFailureMs = options.retryAfterFailureMs ?? 10_000;
  }

  /** A valid token, acquiring or renewing one when needed. */
  async get(): Promise<string> {
    const now = this.now();
    const held = this.held;
    if (held !== undefined && now < held.expiresOnTimestamp - this.minimumValidityMs) {
      if (now >= held.renewAt && now >= this.quietUntil && this.inFlight === undefined) {
        this.renew().catch(() => {
          // The held token stays in use; the next call after the quiet period tries again.
          this.quietUntil = this.now() + this.retryAfterFailureMs;
        });
      }
      return held.token;
    }
    return (await this.renew()).token;
  }

  private renew(): Promise<Held> {
    this.inFlight ??= this.acquire()
      .then((token) => {
        const held = { ...token, renewAt: this.renewAt(token, this.now()) };
        this.held = held;
        return held;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  // Renew a fixed margin before expiry, but never in the first half of a short-lived token's life, or every call
  // would start a renewal.
  private renewAt(token: CachedToken, obtainedAt: number): number {
    const lifetime = token.expiresOnTimestamp - obtainedAt;
    const byMargin = Math.max(token.expiresOnTimestamp - this.renewBeforeExpiryMs, obtainedAt + lifetime / 2);
    return token.refreshAfterTimestamp === undefined ? byMargin : Math.min(byMargin, token.refreshAfterTimestamp);
  }
}
