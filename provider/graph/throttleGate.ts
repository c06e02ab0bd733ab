/** Permission to send one attempt, given back (`throttled`: whether Graph throttled it) once its outcome is known. */
export interface GateTicket {
  /** Gives the slot back; a second release has no effect. */ release(throttled: boolean): void;
}

interface Waiter {
  readonly deadlineAt: number;
  readonly timer: ReturnType<typeof setTimeout> | undefined;
  resolve(ticket: GateTicket | undefined): void;
}

const OPEN_TICKET: GateTicket = { release: () => undefined };
// Node fires a timer set beyond this at once; a deadline that far away needs no timer.
const MAX_TIMER_DELAY_MS = 2_147_483_647;

/**
 * When Graph tells one request to wait, every request of the process waits (no quota spent on certain 429s); then it
 * reopens to one attempt and widens per success, so queued requests do not all hit a bucket just refilled by one.
 */
export class ThrottleGate {
  #closedUntil = 0;
  #window = Number.POSITIVE_INFINITY;
  #inFlight = 0;
  #waiters: Waiter[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** @param enabled - when false the gate admits everything and ignores throttling */
  constructor(
    private readonly enabled: boolean,
    private readonly maxWindow: number,
  ) {}

  /** The instant (epoch ms) until which the gate is closed; 0 or a past instant when it is open. */
  get closedUntil(): number { return this.#closedUntil; }

  /** A ticket, or `undefined` at once if the gate stays closed past `deadlineAt`, or at it if no slot frees up. */
  admit(deadlineAt: number): Promise<GateTicket | undefined> {
    if (!this.enabled) return Promise.resolve(OPEN_TICKET);
    if (this.#closedUntil > deadlineAt) return Promise.resolve(undefined);
    if (this.#waiters.length === 0 && Date.now() >= this.#closedUntil && this.#inFlight < this.#window) {
      return Promise.resolve(this.#issue());
    }
    return new Promise<GateTicket | undefined>((resolve) => {
      const untilDeadline = Math.max(0, deadlineAt - Date.now());
      const timer = untilDeadline > MAX_TIMER_DELAY_MS ? undefined : setTimeout(() => this.#dismiss(waiter, undefined), untilDeadline);
      const waiter: Waiter = { deadlineAt, timer, resolve };
      this.#waiters.push(waiter);
      this.#pump();
    });
  }

  /** Closes the gate until `instant` (epoch ms), or longer if it already is, and makes it reopen one attempt at a time. */
  holdUntil(instant: number): void {
    if (this.enabled) {
      this.#closedUntil = Math.max(this.#closedUntil, instant);
      this.#window = 1;
      this.#pump();
    }
  }

  #issue(): GateTicket {
    this.#inFlight += 1;
    let released = false;
    return {
      release: (throttled) => {
        if (released) return;
        released = true;
        this.#inFlight -= 1;
        if (!throttled && Number.isFinite(this.#window)) {
          this.#window = this.#window * 2 > this.maxWindow ? Number.POSITIVE_INFINITY : this.#window * 2;
        }
        this.#pump();
      },
    };
  }

  #dismiss(waiter: Waiter, ticket: GateTicket | undefined): void {
    clearTimeout(waiter.timer);
    this.#waiters = this.#waiters.filter((queued) => queued !== waiter);
    waiter.resolve(ticket);
  }

  #pump(): void {
    if (Date.now() >= this.#closedUntil) {
      for (let waiter = this.#waiters[0]; waiter !== undefined && this.#inFlight < this.#window; waiter = this.#waiters[0]) {
        this.#dismiss(waiter, this.#issue());
      }
      return;
    }
    // Waiters whose deadline comes before the gate reopens are told now rather than at their deadline.
    for (const waiter of this.#waiters.filter((queued) => queued.deadlineAt < this.#closedUntil)) this.#dismiss(waiter, undefined);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#pump(), Math.max(0, this.#closedUntil - Date.now()));
    // The gate's own timer must never keep a provider process alive.
    this.#timer.unref?.();
  }
}
