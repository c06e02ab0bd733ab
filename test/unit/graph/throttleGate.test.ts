import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ThrottleGate, type GateTicket } from "../../../provider/graph/throttleGate";

const FAR = Number.MAX_SAFE_INTEGER;

describe("ThrottleGate", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("admits at once while open", async () => {
    const gate = new ThrottleGate(true, 32);
    const tickets = await Promise.all([gate.admit(FAR), gate.admit(FAR), gate.admit(FAR)]);
    expect(tickets.every((ticket) => ticket !== undefined)).toBe(true);
  });

  it("holds every request until the instant Graph named", async () => {
    const gate = new ThrottleGate(true, 32);
    gate.holdUntil(Date.now() + 2_000);
    const admittedAt: number[] = [];
    const waiting = gate.admit(FAR).then((ticket) => {
      admittedAt.push(Date.now());
      return ticket;
    });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(admittedAt).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(admittedAt).toEqual([1_002_000]);
    expect(await waiting).toBeDefined();
  });

  it("keeps the later instant when two responses ask to wait", async () => {
    const gate = new ThrottleGate(true, 32);
    gate.holdUntil(Date.now() + 3_000);
    gate.holdUntil(Date.now() + 1_000);
    expect(gate.closedUntil).toBe(1_003_000);
  });

  it("reopens to one request, then doubles with each request that is not throttled", async () => {
    const gate = new ThrottleGate(true, 4);
    gate.holdUntil(Date.now() + 1_000);
    const admitted: GateTicket[] = [];
    for (let index = 0; index < 8; index += 1) {
      void gate.admit(FAR).then((ticket) => ticket !== undefined && admitted.push(ticket));
    }
    await vi.advanceTimersByTimeAsync(1_000);
    expect(admitted).toHaveLength(1);
    admitted[0]?.release(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(admitted).toHaveLength(3);
    admitted[1]?.release(false);
    admitted[2]?.release(false);
    await vi.advanceTimersByTimeAsync(0);
    // Past maxWindow the gate stops counting and lets everyone through.
    expect(admitted).toHaveLength(8);
  });

  it("does not widen after a throttled release", async () => {
    const gate = new ThrottleGate(true, 32);
    gate.holdUntil(Date.now());
    const admitted: GateTicket[] = [];
    for (let index = 0; index < 3; index += 1) {
      void gate.admit(FAR).then((ticket) => ticket !== undefined && admitted.push(ticket));
    }
    await vi.advanceTimersByTimeAsync(0);
    expect(admitted).toHaveLength(1);
    admitted[0]?.release(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(admitted).toHaveLength(2);
  });

  it("refuses at once when it stays closed past the caller's deadline", async () => {
    const gate = new ThrottleGate(true, 32);
    gate.holdUntil(Date.now() + 10_000);
    await expect(gate.admit(Date.now() + 5_000)).resolves.toBeUndefined();
  });

  it("tells waiters at once when a later hold moves the reopening past their deadline", async () => {
    const gate = new ThrottleGate(true, 32);
    gate.holdUntil(Date.now() + 1_000);
    let outcome: string | undefined;
    void gate.admit(Date.now() + 5_000).then((ticket) => (outcome = ticket === undefined ? "refused" : "admitted"));
    await vi.advanceTimersByTimeAsync(500);
    gate.holdUntil(Date.now() + 60_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(outcome).toBe("refused");
  });

  it("gives up on a waiter when no slot frees up before its deadline", async () => {
    const gate = new ThrottleGate(true, 32);
    gate.holdUntil(Date.now());
    const first = await gate.admit(FAR);
    expect(first).toBeDefined();
    const second = gate.admit(Date.now() + 3_000);
    await vi.advanceTimersByTimeAsync(3_000);
    await expect(second).resolves.toBeUndefined();
  });

  it("admits everything and ignores holds when disabled", async () => {
    const gate = new ThrottleGate(false, 32);
    gate.holdUntil(Date.now() + 10_000);
    expect(gate.closedUntil).toBe(0);
    await expect(gate.admit(Date.now() + 1)).resolves.toBeDefined();
  });

  it("ignores a second release of the same ticket", async () => {
    const gate = new ThrottleGate(true, 32);
    gate.holdUntil(Date.now());
    const first = await gate.admit(FAR);
    first?.release(true);
    first?.release(true);
    const second = await gate.admit(FAR);
    let thirdAdmitted = false;
    void gate.admit(FAR).then(() => (thirdAdmitted = true));
    await vi.advanceTimersByTimeAsync(0);
    // One slot, held by the second ticket: the double release did not free a phantom slot.
    expect(thirdAdmitted).toBe(false);
    second?.release(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(thirdAdmitted).toBe(true);
  });
});
