import type { RetryPolicy } from "./retryPolicy";

/**
 * The wait before retry number `retry` (1 for the first retry) when the server did not say how long to wait:
 * `baseMs * 2^(retry-1)`, capped at `maxMs`, then randomised so that clients failing together do not retry together.
 *
 * @param retry - the retry about to be made, from 1
 * @param baseMs - the first delay
 * @param maxMs - the largest delay
 * @param jitter - the randomisation; `equal` never waits less than half the delay, so retries are never immediate
 * @param random - a source of numbers in [0, 1); replaceable in tests
 */
export function backoffDelay(
  retry: number,
  baseMs: number,
  maxMs: number,
  jitter: RetryPolicy["jitter"],
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, retry - 1);
  // Math.min before the power would overflow to Infinity for large retry numbers.
  const delay = Math.min(maxMs, baseMs * 2 ** Math.min(exponent, 52));
  switch (jitter) {
    case "none":
      return Math.round(delay);
    case "full":
      return Math.round(delay * random());
    case "equal":
      return Math.round(delay / 2 + (delay / 2) * random());
  }
}
