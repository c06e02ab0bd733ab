import type { ThrottledRunOptions } from "../benchOptions";
import type { BenchTenant } from "../harness/benchTenant";
import { FleetStack, type OperationSample } from "../harness/fleetStack";
import { expectSample } from "../harness/sampleExpectation";
import { summarizeTimings, type TimingSummary } from "../harness/timingSummary";

/** One throttled `up`. */
export interface ThrottledSample {
  readonly run: number;
  /** Wall-clock milliseconds of the whole `up`. */
  readonly upMs: number;
  /** Resources whose secrets were not written (0 when the `up` succeeded). */
  readonly failures: number;
  /** 429 answers the provider received. */
  readonly throttledResponses: number;
  /** Writes that succeeded. */
  readonly writes: number;
  /** Milliseconds from the first PUT's arrival to the last successful PUT's answer. */
  readonly writeWindowMs: number;
}

/** The throttled run's figures. */
export interface ThrottledRun {
  readonly settings: ThrottledRunOptions;
  /**
   * The least time any client needs for the writes: the bucket serves `capacity` at once, and each further write
   * waits for a refill, so `(size - capacity) / refillPerSecond` seconds.
   */
  readonly bucketMinimumMs: number;
  readonly samples: readonly ThrottledSample[];
  readonly upTiming: TimingSummary;
  readonly writeWindow: TimingSummary;
  /** The engine operations (throttled `up`s and the unthrottled `destroy`s between them). */
  readonly operations: readonly OperationSample[];
}

/**
 * `up` of ours with the emulator's write bucket in place, several times. A failed `up` is recorded, not thrown: the
 * failures are one of the figures. Each `destroy` in between runs without the bucket, so every `up` starts with a
 * full bucket and an empty stack.
 */
export async function measureThrottledRun(
  tenant: BenchTenant,
  settings: ThrottledRunOptions,
  progress: (line: string) => void,
): Promise<ThrottledRun> {
  const stack = await FleetStack.create(tenant, tenant.newFleet("ours", settings.size));
  const samples: ThrottledSample[] = [];
  const operations: OperationSample[] = [];
  try {
    for (let run = 1; run <= settings.runs; run += 1) {
      const up = await stack.run("up", {
        throttle: { capacity: settings.capacity, refillPerSecond: settings.refillPerSecond },
        tolerateFailure: true,
      });
      operations.push(up);
      const sample = throttledSample(run, up);
      samples.push(sample);
      progress(`throttled run ${run}/${settings.runs}: ${(sample.upMs / 1000).toFixed(2)} s, ${sample.throttledResponses} 429s, ${sample.failures} failures`);
      const destroy = await stack.run("destroy");
      expectSample(destroy, { principalsCleared: settings.size, resourcesInState: 0 }, `destroy after throttled run ${run}`);
      operations.push(destroy);
    }
  } finally {
    await stack.dispose();
  }
  return {
    settings,
    bucketMinimumMs: ((settings.size - settings.capacity) / settings.refillPerSecond) * 1000,
    samples,
    upTiming: summarizeTimings(samples.map((s) => s.upMs)),
    writeWindow: summarizeTimings(samples.map((s) => s.writeWindowMs)),
    operations,
  };
}

function throttledSample(run: number, up: OperationSample): ThrottledSample {
  const puts = up.traffic.log.filter((entry) => entry.surface === "graph" && entry.method === "PUT");
  const written = puts.filter((entry) => entry.status === 204);
  const firstArrival = Math.min(...puts.map((entry) => Date.parse(entry.time)));
  const lastAnswer = Math.max(...written.map((entry) => Date.parse(entry.time) + entry.durationMs));
  return {
    run,
    upMs: up.ms,
    failures: up.size - up.principalsWritten,
    throttledResponses: up.traffic.graphRequests["PUT 429"] ?? 0,
    writes: up.traffic.graphRequests["PUT 204"] ?? 0,
    writeWindowMs: written.length > 0 ? lastAnswer - firstArrival : 0,
  };
}
