import { describe, expect, it } from "vitest";
import { lockedPrincipalCount, withPrincipalLock } from "../../../provider/lifecycle/principalLock";

const A = "0af4a6b2-9c3d-4e5f-8a7b-1c2d3e4f5a6b";
const B = "11111111-2222-4333-8444-555555555555";

/** A promise and the function that resolves it: an operation the test ends when it chooses. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => undefined as void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("withPrincipalLock", () => {
  it("runs operations on one principal one at a time, in the order they asked, whatever the letter case", async () => {
    const events: string[] = [];
    const first = gate();
    const second = gate();
    const one = withPrincipalLock(A, async () => {
      events.push("one starts");
      await first.promise;
      events.push("one ends");
    });
    const two = withPrincipalLock(A.toUpperCase(), async () => {
      events.push("two starts");
      await second.promise;
      events.push("two ends");
    });
    const three = withPrincipalLock(A, async () => void events.push("three runs"));
    await settle();
    expect(events).toEqual(["one starts"]);
    second.open();
    await settle();
    expect(events).toEqual(["one starts"]);
    first.open();
    await Promise.all([one, two, three]);
    expect(events).toEqual(["one starts", "one ends", "two starts", "two ends", "three runs"]);
  });

  it("holds nobody up on another principal", async () => {
    const held = gate();
    const events: string[] = [];
    const a = withPrincipalLock(A, async () => {
      await held.promise;
      events.push("A");
    });
    await withPrincipalLock(B, async () => void events.push("B"));
    expect(events).toEqual(["B"]);
    held.open();
    await a;
    expect(events).toEqual(["B", "A"]);
  });

  it("passes results and failures through, and a failure hands the turn on", async () => {
    const failed = withPrincipalLock(A, async () => {
      throw new Error("Graph said no");
    });
    const next = withPrincipalLock(A, async () => 42);
    await expect(failed).rejects.toThrow("Graph said no");
    await expect(next).resolves.toBe(42);
  });

  it("keeps no entry for a principal once its queue is empty", async () => {
    await Promise.all([withPrincipalLock(A, async () => 1), withPrincipalLock(B, async () => 2)]);
    expect(lockedPrincipalCount()).toBe(0);
  });
});
