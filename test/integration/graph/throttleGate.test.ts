import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canaryValue, GraphFixture } from "./graphFixture";

const OPERATIONS = 50;
// A bucket far smaller than the burst: five writes at once, then twenty a second.
const TIGHT_BUCKET = { capacity: 5, refillPerSecond: 20 } as const;

let fixture: GraphFixture;

beforeAll(async () => {
  fixture = await GraphFixture.start();
  // The first token costs a round of Entra requests; paid here, it does not count against the first run's time.
  await fixture.getAccessToken();
});

afterAll(async () => {
  await fixture.close();
});

interface RunResult {
  failures: unknown[];
  throttled: number;
  succeeded: number;
  elapsedMs: number;
}

async function runParallelWrites(throttleGate: boolean): Promise<RunResult> {
  fixture.emulator.reset();
  fixture.emulator.setThrottle(TIGHT_BUCKET);
  const client = fixture.client({ operationTimeoutMs: 60_000, retry: { throttleGate } });
  const principals = Array.from({ length: OPERATIONS }, () => fixture.servicePrincipal());
  const value = canaryValue();
  const started = Date.now();
  const outcomes = await Promise.allSettled(
    principals.map((id) => client.putSecrets(id, "v1.0", [{ key: "SecretToken", value }])),
  );
  const elapsedMs = Date.now() - started;
  const failures = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason] : []));
  for (const failure of failures) {
    fixture.recordError(failure);
  }
  const counters = fixture.emulator.counters().graphRequests;
  expect(principals.every((id) => fixture.emulator.storedSecrets(id)?.["SecretToken"] === value)).toBe(true);
  return { failures, throttled: counters["PUT 429"] ?? 0, succeeded: counters["PUT 204"] ?? 0, elapsedMs };
}

describe("Throttle gate against the emulator's token bucket", () => {
  it("finishes 50 parallel writes under a tight bucket, with fewer 429s than without the gate", async () => {
    const gated = await runParallelWrites(true);
    const ungated = await runParallelWrites(false);
    // Both numbers go to the test output: they are the evidence the gate earns its keep.
    console.info(
      `throttle gate: ${OPERATIONS} parallel PUTs, bucket ${TIGHT_BUCKET.capacity} + ${TIGHT_BUCKET.refillPerSecond}/s: ` +
        `429 responses with the gate ${gated.throttled} (${gated.elapsedMs} ms), ` +
        `without ${ungated.throttled} (${ungated.elapsedMs} ms)`,
    );
    expect(gated.failures).toEqual([]);
    expect(ungated.failures).toEqual([]);
    expect(gated.succeeded).toBe(OPERATIONS);
    expect(ungated.succeeded).toBe(OPERATIONS);
    // What the gate saves is every retry after the first 429. How many of the first burst reach the bucket before it
    // refills depends on how fast this machine sends them, so only the comparison between the two runs is asserted.
    expect(gated.throttled).toBeGreaterThan(0);
    expect(gated.throttled).toBeLessThan(ungated.throttled);
  });
});
