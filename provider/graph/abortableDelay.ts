/** The longest delay a Node timer accepts. */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

/** Raised by {@link abortableDelay} when its signal aborts; internal, never escapes the client. */
export class DelayAbortedError extends Error {
  /** The error name. */
  override readonly name = "DelayAbortedError";

  constructor() {
    super("The wait was aborted.");
  }
}

/**
 * Resolves after `ms` milliseconds, or rejects with {@link DelayAbortedError} as soon as `signal` aborts.
 *
 * @param ms - how long to wait
 * @param signal - ends the wait early
 */
export function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(new DelayAbortedError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new DelayAbortedError());
    };
    // Node fires a timer set beyond its maximum delay at once, so the delay is capped (at about 24 days).
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.min(MAX_TIMER_DELAY_MS, Math.max(0, ms)));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
