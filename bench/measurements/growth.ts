import type { SubjectName } from "../subjects/fleet";
import type { SizeTimings } from "./engineTimings";

/** The operations whose growth with N is charted. */
export type GrowthKind = "up" | "preview";

/** One operation of one subject across stack sizes. */
export interface GrowthSeries {
  readonly subject: SubjectName;
  readonly kind: GrowthKind;
  /** Median milliseconds at each size, smallest size first. */
  readonly points: ReadonlyArray<{ readonly size: number; readonly medianMs: number }>;
  /**
   * Milliseconds each added resource cost between two consecutive sizes: `(t(to) - t(from)) / (to - from)`. Flat
   * means linear growth; rising means something costs more per resource as the stack grows.
   */
  readonly marginalMsPerResource: ReadonlyArray<{ readonly from: number; readonly to: number; readonly ms: number }>;
}

/** The growth series of `up` and `preview`, ours and the floor, from the engine timings. */
export function growthSeries(engine: readonly SizeTimings[]): GrowthSeries[] {
  const series: GrowthSeries[] = [];
  for (const kind of ["up", "preview"] as const) {
    for (const subject of ["ours", "floor"] as const) {
      const points = engine.map((timings) => ({ size: timings.size, medianMs: timings.timings[subject][kind].medianMs }));
      const marginalMsPerResource = points.slice(1).map((point, index) => {
        const previous = points[index] ?? point;
        return { from: previous.size, to: point.size, ms: (point.medianMs - previous.medianMs) / (point.size - previous.size) };
      });
      series.push({ subject, kind, points, marginalMsPerResource });
    }
  }
  return series;
}
