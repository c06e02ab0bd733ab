import { DelayAbortedError, MAX_TIMER_DELAY_MS } from "./abortableDelay";

/** Permission to send one attempt; released when its response (or failure) is known. */
export interface GateTicket {
  /**
   * Gives the slot back. Releasing twice has no effect.
   *
   * @param throttled - whether the attempt was answered with a throttling response
   */
  release(throttled: boolean): void;
}

/** Options of {@link ThrottleGate}. */
export interface ThrottleGateOptions {
  /** When false the gate admits everything at once and ignores throttling. */
  enabled: boolean;
  /**
   * After a throttling response the gate reopens to one attempt at a time and doubles that number with each attempt
   * that is not throttled; past this number it stops counting. Default 32.
   */
  maxWindow?: number;
}

interface Waiter {
  deadlineAt: number;
  resolve(ticket: GateTicket | undefined): void;
  cleanup(): void;
}

const OPEN_TICKET: GateTicket = { release: () => undefined };

/**
 * The throttle gate shared by every request of one Graph client (one per provider process). When Graph tells one
 * request to wait, the gate closes until that instant for all of them, instead of letting the others spend quota on
 * responses that are certain to be 429s. When it reopens it lets one attempt through first and widens as attempts
 * succeed (slow start), so the requests that queued up do not all hit a bucket that has just refilled by one token.
 */
export class ThrottleGate {
  readonly #enabled: boolean;
  readonly #maxWindow: number;
  #closedUntil = 0;
  #window = Number.POSITIVE_INFINITY;
  #inFlight = 0;
  #waiters: Waiter[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ThrottleGateOptions) {
    this.#enabled = options.enabled;
    this.#maxWindow = options.maxWindow ?? 32;
  }

  /** The instant (epoch ms) until which the gate is closed; 0 or a past instant when it is open. */
  get closedUntil(): number {
    return this.#closedUntil;
  }

  /**
   * Waits for permission to send an attempt. Resolves `undefined`, at once, when the gate stays closed past
   * `deadlineAt` (waiting would be pointless), or when no slot frees up before it.
   *
   * @param deadlineAt - the operation's deadline (epoch ms)
   * @param signal - cancels the wait with a `DelayAbortedError`
   */
  admit(deadlineAt: number, signal?: AbortSignal): Promise<GateTicket | undefined> {
    if (!this.#enabled) {
      return Promise.resolve(OPEN_TICKET);
    }
    if (signal?.aborted === true) {
      return Promise.reject(new DelayAbortedError());
    }
    if (this.#closedUntil > deadlineAt) {
      return Promise.resolve(undefined);
    }
    if (this.#waiters.length === 0 && this.#isOpen() && this.#inFlight < this.#window) {
      return Promise.resolve(this.#issue());
    }
    return new Promise<GateTicket | undefined>((resolve, reject) => {
      const onAbort = (): void => {
        this.#remove(waiter);
        reject(new DelayAbortedError());
      };
      const untilDeadline = Math.max(0, deadlineAt - Date.now());
      // Node fires a timer set beyond its maximum delay at once; a deadline that far away needs no timer.
      const deadlineTimer =
        untilDeadline > MAX_TIMER_DELAY_MS
          ? undefined
          : setTimeout(() => {
              this.#remove(waiter);
              resolve(undefined);
            }, untilDeadline);
      const waiter: Waiter = {
        deadlineAt,
        resolve,
        cleanup: () => {
          clearTimeout(deadlineTimer);
          signal?.removeEventListener("abort", onAbort);
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiters.push(waiter);
      this.#pump();
    });
  }

  /**
   * Closes the gate until `instant` (epoch ms), or keeps it closed if it already is for longer, and makes it reopen
   * to one attempt at a time.
   *
   * @param instant - when Graph said requests may resume
   */
  holdUntil(instant: number): void {
    if (!this.#enabled) {
      return;
    }
    this.#closedUntil = Math.max(this.#closedUntil, instant);
    this.#window = 1;
    this.#pump();
  }

  #isOpen(): boolean {
    return Date.now() >= this.#closedUntil;
  }

  #issue(): GateTicket {
    this.#inFlight += 1;
    let released = false;
    return {
      release: (throttled: boolean) => {
        if (released) {
          return;
        }
        released = true;
        this.#inFlight -= 1;
        if (!throttled && Number.isFinite(this.#window)) {
          this.#window = this.#window * 2 > this.#maxWindow ? Number.POSITIVE_INFINITY : this.#window * 2;
        }
        this.#pump();
      },
    };
  }

  #remove(waiter: Waiter): void {
    waiter.cleanup();
    this.#waiters = this.#waiters.filter((queued) => queued !== waiter);
  }

  #pump(): void {
    if (!this.#isOpen()) {
      // Waiters whose deadline comes before the gate reopens are told now rather than at their deadline.
      for (const waiter of this.#waiters.filter((queued) => queued.deadlineAt < this.#closedUntil)) {
        this.#remove(waiter);
        waiter.resolve(undefined);
      }
      this.#wakeAt(this.#closedUntil);
      return;
    }
    while (this.#waiters.length > 0 && this.#inFlight < this.#window) {
      const waiter = this.#waiters.shift();
      if (waiter !== undefined) {
        waiter.cleanup();
        waiter.resolve(this.#issue());
      }
    }
  }

  #wakeAt(instant: number): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#pump();
    }, Math.max(0, instant - Date.now()));
    // The gate's own timer must never keep a provider process alive.
    this.#timer.unref?.();
  }
}
