import { ThrottleSettings } from "../types";

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** The outcome of drawing from a bucket: allowed, or refused with the wait until one token is back. */
export type ThrottleDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfter: string };

/**
 * Token buckets keyed by app and tenant, as Graph's identity throttling is. A refused request takes nothing unless
 * `chargeRefused` (the "throttled requests still count against usage" reading), in which case the bucket goes into
 * debt; either way `Retry-After` is the time until one token is back, so a client that waits it finds a token.
 */
export class Throttle {
  readonly #buckets = new Map<string, Bucket>();
  #settings: Required<ThrottleSettings> | null = null;

  /** The current settings, or null when throttling is off. */
  get settings(): Required<ThrottleSettings> | null {
    return this.#settings;
  }

  /** Replaces the settings and refills every bucket; null turns throttling off. */
  configure(settings: ThrottleSettings | null): void {
    if (settings !== null && (!(settings.capacity >= 1) || !(settings.refillPerSecond > 0))) {
      throw new RangeError("A throttle needs capacity >= 1 and refillPerSecond > 0.");
    }
    this.#settings =
      settings === null
        ? null
        : { applies: "writes", retryAfterFormat: "fractional", ...settings };
    this.#buckets.clear();
  }

  /** Draws one token for `key` (app + tenant) if the request is subject to throttling. */
  draw(key: string, isWrite: boolean, now: number, chargeRefused = false): ThrottleDecision {
    const settings = this.#settings;
    if (settings === null || (settings.applies === "writes" && !isWrite)) return { allowed: true };
    const bucket = this.#buckets.get(key) ?? { tokens: settings.capacity, updatedAt: now };
    bucket.tokens = Math.min(settings.capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * settings.refillPerSecond);
    bucket.updatedAt = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    if (chargeRefused) bucket.tokens -= 1;
    const seconds = (1 - bucket.tokens) / settings.refillPerSecond;
    const retryAfter =
      settings.retryAfterFormat === "integer"
        ? String(Math.max(1, Math.ceil(seconds)))
        : String(Math.max(0.001, Math.ceil(seconds * 1000) / 1000));
    return { allowed: false, retryAfter };
  }
}
