import type { SubjectName } from "../subjects/fleet";
import type { SizeTimings } from "./engineTimings";

/** What one resource costs in state, per subject. */
export interface StateEconomy {
  readonly subject: SubjectName;
  /** Bytes of `__provider` (stored twice per resource: in its inputs and its outputs). */
  readonly providerBytes: number;
  /** Mean bytes of one resource in the checkpoint as compact JSON, at the largest size measured. */
  readonly resourceBytes: number;
  /**
   * Checkpoint file bytes each resource adds, between the smallest and the largest size measured. Undefined when
   * only one size was measured.
   */
  readonly stateFileBytesPerResource: number | undefined;
}

/** State economy of ours and the floor, from the state sampled after each size's first `up`. */
export function stateEconomy(engine: readonly SizeTimings[]): StateEconomy[] {
  const smallest = engine[0];
  const largest = engine[engine.length - 1];
  if (smallest === undefined || largest === undefined) {
    return [];
  }
  return (["ours", "floor"] as const).map((subject) => {
    const low = smallest.state[subject];
    const high = largest.state[subject];
    return {
      subject,
      providerBytes: high.providerBytes,
      resourceBytes: high.resourceBytes,
      stateFileBytesPerResource: high.size > low.size ? (high.stateFileBytes - low.stateFileBytes) / (high.size - low.size) : undefined,
    };
  });
}
