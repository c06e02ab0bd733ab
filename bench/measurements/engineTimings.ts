import { runsAt, type ResolvedBenchOptions } from "../benchOptions";
import type { BenchTenant } from "../harness/benchTenant";
import { FleetStack, type OperationSample } from "../harness/fleetStack";
import { expectSample, type SampleExpectation } from "../harness/sampleExpectation";
import { summarizeTimings, type TimingSummary } from "../harness/timingSummary";
import { RESOURCE_TYPE } from "../subjects/declarations";
import type { SubjectName } from "../subjects/fleet";

/** The operations timed against the floor. */
export type TimedKind = "up" | "preview" | "destroy";

/** The order of one run: create everything, preview the deployed stack unchanged, destroy everything. */
export const TIMED_KINDS: readonly TimedKind[] = ["up", "preview", "destroy"];

/** The two subjects, ours first. */
export const SUBJECTS: readonly SubjectName[] = ["ours", "floor"];

/** What a subject's state holds after its first `up` at one size. */
export interface StateSample {
  readonly subject: SubjectName;
  readonly size: number;
  /** The checkpoint file's size, as the backend wrote it. */
  readonly stateFileBytes: number;
  /** Mean bytes of one resource of the subject's type in the checkpoint, as compact JSON. */
  readonly resourceBytes: number;
  /** Bytes of the serialized provider (`__provider`), stored once in a resource's inputs and once in its outputs. */
  readonly providerBytes: number;
}

/** Ours and the floor at one stack size. */
export interface SizeTimings {
  readonly size: number;
  /** Timed runs of each operation, per subject. */
  readonly runs: number;
  readonly timings: Readonly<Record<SubjectName, Readonly<Record<TimedKind, TimingSummary>>>>;
  /** Every operation, in the order run. */
  readonly samples: readonly OperationSample[];
  readonly state: Readonly<Record<SubjectName, StateSample>>;
}

/**
 * Times `up`, `preview` and `destroy` of ours and the floor at each size, interleaved operation by operation so
 * that noise on the machine hits both, with the subject that goes first alternating from run to run. Checks every
 * operation did what it should (see {@link expectSample}) before its time counts.
 */
export async function measureEngineTimings(
  tenant: BenchTenant,
  options: ResolvedBenchOptions,
  progress: (line: string) => void,
): Promise<SizeTimings[]> {
  const results: SizeTimings[] = [];
  for (const size of options.sizes) {
    results.push(await measureSize(tenant, size, runsAt(options, size), progress));
  }
  return results;
}

async function measureSize(tenant: BenchTenant, size: number, runs: number, progress: (line: string) => void): Promise<SizeTimings> {
  const stacks = {
    ours: await FleetStack.create(tenant, tenant.newFleet("ours", size)),
    floor: await FleetStack.create(tenant, tenant.newFleet("floor", size)),
  };
  const samples: OperationSample[] = [];
  const state: Partial<Record<SubjectName, StateSample>> = {};
  try {
    for (let run = 1; run <= runs; run += 1) {
      const order = run % 2 === 1 ? SUBJECTS : [...SUBJECTS].reverse();
      for (const kind of TIMED_KINDS) {
        for (const subject of order) {
          const stack = stacks[subject];
          const sample = await stack.run(kind);
          expectSample(sample, expectationFor(subject, kind, size), `${subject} ${kind} at N = ${size} (run ${run})`);
          samples.push(sample);
          progress(`N = ${size} run ${run}/${runs}: ${subject} ${kind} ${(sample.ms / 1000).toFixed(2)} s`);
          if (kind === "up" && state[subject] === undefined) {
            state[subject] = sampleState(stack);
          }
        }
      }
    }
  } finally {
    await Promise.all([stacks.ours.dispose(), stacks.floor.dispose()]);
  }
  return {
    size,
    runs,
    timings: { ours: summarize(samples, "ours"), floor: summarize(samples, "floor") },
    samples,
    state: { ours: required(state.ours), floor: required(state.floor) },
  };
}

/**
 * What a run must have done for its time to count. The floor must also make exactly its one PUT per resource and
 * one token request: otherwise it is not the floor. Ours' requests are not forced here; they are a figure of the
 * report (request economy), and the fast mode's test checks them.
 */
function expectationFor(subject: SubjectName, kind: TimedKind, size: number): SampleExpectation {
  const requests = (graphRequests: Record<string, number>, tokenRequests: number) =>
    subject === "floor" ? { graphRequests, tokenRequests } : {};
  // The stack resource itself is one of the engine's changes.
  switch (kind) {
    case "up":
      return { changes: { create: size + 1 }, resourcesInState: size, principalsWritten: size, ...requests({ "PUT 204": size }, 1) };
    case "preview":
      return { changes: { same: size + 1 }, resourcesInState: size, principalsWritten: size, ...requests({}, 0) };
    case "destroy":
      return { changes: { delete: size + 1 }, resourcesInState: 0, principalsCleared: size, ...requests({ "PUT 204": size }, 1) };
  }
}

function sampleState(stack: FleetStack): StateSample {
  const resources = stack.stack.resources().filter((resource) => resource.type === RESOURCE_TYPE[stack.fleet.subject]);
  const provider = resources[0]?.outputs?.["__provider"];
  return {
    subject: stack.fleet.subject,
    size: stack.fleet.size,
    stateFileBytes: stack.stack.stateFileBytes(),
    resourceBytes: resources.reduce((sum, resource) => sum + Buffer.byteLength(JSON.stringify(resource)), 0) / Math.max(1, resources.length),
    providerBytes: typeof provider === "string" ? Buffer.byteLength(provider) : 0,
  };
}

function summarize(samples: readonly OperationSample[], subject: SubjectName): Record<TimedKind, TimingSummary> {
  const of = (kind: TimedKind) => summarizeTimings(samples.filter((s) => s.subject === subject && s.kind === kind).map((s) => s.ms));
  return { up: of("up"), preview: of("preview"), destroy: of("destroy") };
}

function required(sample: StateSample | undefined): StateSample {
  if (sample === undefined) {
    throw new RangeError("no state was sampled");
  }
  return sample;
}
