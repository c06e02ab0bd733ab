import type { OperationSample } from "../harness/fleetStack";
import { summarizeTimings, type TimingSummary } from "../harness/timingSummary";

/**
 * An operation split at its first and last Graph request, from the emulator's log: what comes before the first
 * write does not depend on N for the provider (process start, libraries, token), the window between is where the
 * per-resource cost shows, and what follows is the engine finishing.
 */
export interface OperationPhases {
  /** From the Automation API call to the first Graph request's arrival. */
  readonly beforeFirstRequest: TimingSummary;
  /** From the first Graph request's arrival to the last one's answer. */
  readonly requestWindow: TimingSummary;
  /** From the last Graph request's answer to the end of the call. */
  readonly afterLastRequest: TimingSummary;
}

/**
 * The phases of the samples that made Graph requests, summarized; undefined when none did (a preview).
 *
 * @param samples - operations of one subject and kind at one size
 */
export function operationPhases(samples: readonly OperationSample[]): OperationPhases | undefined {
  const split = samples.flatMap((sample) => {
    const graph = sample.traffic.log.filter((entry) => entry.surface === "graph");
    if (graph.length === 0) {
      return [];
    }
    const first = Math.min(...graph.map((entry) => Date.parse(entry.time)));
    const last = Math.max(...graph.map((entry) => Date.parse(entry.time) + entry.durationMs));
    return [{ before: first - sample.startedAt, window: last - first, after: sample.startedAt + sample.ms - last }];
  });
  if (split.length === 0) {
    return undefined;
  }
  return {
    beforeFirstRequest: summarizeTimings(split.map((s) => s.before)),
    requestWindow: summarizeTimings(split.map((s) => s.window)),
    afterLastRequest: summarizeTimings(split.map((s) => s.after)),
  };
}
