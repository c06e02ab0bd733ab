/** The median, fastest and slowest of repeated timings of one operation. */
export interface TimingSummary {
  /** How many timings were taken. */
  readonly runs: number;
  /** Milliseconds: the middle timing (the mean of the two middle ones for an even count). */
  readonly medianMs: number;
  /** Milliseconds: the fastest timing. */
  readonly minMs: number;
  /** Milliseconds: the slowest timing. */
  readonly maxMs: number;
}

/**
 * Summarizes repeated timings. The median, not the mean: on a shared 2-core machine one slow run is noise from
 * elsewhere, and it must not move the figure.
 *
 * @param timingsMs - at least one timing in milliseconds
 * @throws RangeError when there is no timing, since a figure without a measurement must not look like zero
 */
export function summarizeTimings(timingsMs: readonly number[]): TimingSummary {
  if (timingsMs.length === 0) {
    throw new RangeError("no timing to summarize");
  }
  const sorted = [...timingsMs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? at(sorted, middle) : (at(sorted, middle - 1) + at(sorted, middle)) / 2;
  return { runs: sorted.length, medianMs: median, minMs: at(sorted, 0), maxMs: at(sorted, sorted.length - 1) };
}

function at(sorted: readonly number[], index: number): number {
  const value = sorted[index];
  if (value === undefined) {
    throw new RangeError(`no timing at position ${index}`);
  }
  return value;
}
