import { BenchInvariantError } from "./benchInvariantError";
import type { OperationSample } from "./fleetStack";

/** What an operation must have done; every field given is compared exactly. */
export interface SampleExpectation {
  /** The engine's change counts, e.g. `{ create: 51 }` (the stack itself is one of them). */
  readonly changes?: Readonly<Record<string, number>>;
  /** Graph requests by `"<METHOD> <status>"`; any request not listed counts as unexpected. */
  readonly graphRequests?: Readonly<Record<string, number>>;
  /** Token requests. */
  readonly tokenRequests?: number;
  /** Resources of the subject's type in the checkpoint. */
  readonly resourcesInState?: number;
  /** Declared service principals holding the declared values. */
  readonly principalsWritten?: number;
  /** The fleet's service principals holding neither key. */
  readonly principalsCleared?: number;
}

/**
 * Throws a {@link BenchInvariantError} unless the sample matches the expectation, so a figure is only ever reported
 * for an operation that did what the benchmark says it measured.
 *
 * @param what - names the operation in the error, e.g. "floor up at N = 200 (run 3)"
 */
export function expectSample(sample: OperationSample, expected: SampleExpectation, what: string): void {
  const mismatches: string[] = [];
  const compare = (name: string, want: unknown, saw: unknown): void => {
    if (want !== undefined && JSON.stringify(want) !== JSON.stringify(saw)) {
      mismatches.push(`${name}: expected ${JSON.stringify(want)}, saw ${JSON.stringify(saw)}`);
    }
  };
  if (sample.failed) {
    mismatches.push("the operation failed");
  }
  compare("changes", expected.changes && sorted(expected.changes), sorted(sample.changes));
  compare("Graph requests", expected.graphRequests && sorted(expected.graphRequests), sorted(sample.traffic.graphRequests));
  compare("token requests", expected.tokenRequests, sample.traffic.tokenRequests);
  compare("resources in state", expected.resourcesInState, sample.resourcesInState);
  compare("principals written", expected.principalsWritten, sample.principalsWritten);
  compare("principals cleared", expected.principalsCleared, sample.principalsCleared);
  if (mismatches.length > 0) {
    throw new BenchInvariantError(what, mismatches);
  }
}

function sorted(counts: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, count]) => count !== 0).sort(([a], [b]) => a.localeCompare(b)));
}
