import type { BenchReport } from "../benchmark";
import type { SizeTimings, TimedKind } from "../measurements/engineTimings";
import { growthSeries } from "../measurements/growth";
import type { EconomyOperation } from "../measurements/requestEconomy";
import { stateEconomy } from "../measurements/stateEconomy";
import { TARGETS } from "./targets";

/** One target of the issue and how this run did against it. */
export interface Verdict {
  /** Stable id, e.g. `up-ratio`, for notes and tests. */
  readonly id: string;
  /** What is measured, for the report. */
  readonly figure: string;
  /** The target as text, e.g. "≤ 1.10". */
  readonly target: string;
  /** The measured value as text. */
  readonly measured: string;
  /** Whether the target was met; undefined when this run could not measure it. */
  readonly met: boolean | undefined;
}

/** The engine timings the floor ratios are judged at: N = 200 when measured, else the largest size (fast mode). */
export function ratioTimings(report: BenchReport): SizeTimings | undefined {
  return report.engine.find((timings) => timings.size === TARGETS.ratioSize) ?? report.engine[report.engine.length - 1];
}

/** Ours / floor, median against median. */
export function floorRatio(timings: SizeTimings, kind: TimedKind): number {
  return timings.timings.ours[kind].medianMs / timings.timings.floor[kind].medianMs;
}

/** Every target of the issue, judged. */
export function judge(report: BenchReport): Verdict[] {
  const verdicts: Verdict[] = [];
  const atSize = ratioTimings(report);
  const ratioLimits: Record<TimedKind, number> = { up: TARGETS.upRatio, preview: TARGETS.previewRatio, destroy: TARGETS.destroyRatio };
  for (const kind of ["up", "preview", "destroy"] as const) {
    const ratio = atSize === undefined ? undefined : floorRatio(atSize, kind);
    verdicts.push({
      id: `${kind}-ratio`,
      figure: `\`${kind}\` time, ours / floor, N = ${atSize?.size ?? TARGETS.ratioSize}`,
      target: `≤ ${ratioLimits[kind].toFixed(2)}`,
      measured: ratio === undefined ? "not measured" : ratio.toFixed(3),
      met: ratio === undefined ? undefined : ratio <= ratioLimits[kind],
    });
  }
  for (const operation of ["create", "update", "delete"] as const satisfies readonly EconomyOperation[]) {
    const row = report.economy.rows.find((r) => r.subject === "ours" && r.operation === operation);
    verdicts.push({
      id: `requests-per-${operation}`,
      figure: `Graph requests per ${operation}`,
      target: `${TARGETS.requestsPerWrite}`,
      measured: row === undefined ? "not measured" : formatCount(row.graphRequestsPerResource),
      met: row === undefined ? undefined : row.graphRequestsPerResource === TARGETS.requestsPerWrite,
    });
  }
  const tokenCounts = [
    ...report.economy.rows.filter((r) => r.subject === "ours").map((r) => r.tokenRequests),
    ...report.engine.flatMap((t) => t.samples.filter((s) => s.subject === "ours" && s.kind !== "preview").map((s) => s.traffic.tokenRequests)),
  ];
  const mostTokens = tokenCounts.length === 0 ? undefined : Math.max(...tokenCounts);
  verdicts.push({
    id: "token-requests",
    figure: `token requests per run (most in any of ${tokenCounts.length} runs that call Graph)`,
    target: `${TARGETS.tokenRequestsPerRun}`,
    measured: mostTokens === undefined ? "not measured" : String(mostTokens),
    met: mostTokens === undefined ? undefined : mostTokens <= TARGETS.tokenRequestsPerRun,
  });
  const ours = stateEconomy(report.engine).find((s) => s.subject === "ours");
  verdicts.push({
    id: "provider-bytes",
    figure: "`__provider` size",
    target: `≤ ${TARGETS.providerBytes} bytes`,
    measured: ours === undefined ? "not measured" : `${ours.providerBytes} bytes`,
    met: ours === undefined ? undefined : ours.providerBytes <= TARGETS.providerBytes,
  });
  const throttled = report.throttled;
  const failures = throttled.samples.reduce((sum, s) => sum + s.failures, 0);
  verdicts.push({
    id: "throttled-failures",
    figure: `failed resources, throttled \`up\` of N = ${throttled.settings.size} (all ${throttled.samples.length} runs)`,
    target: `${TARGETS.throttledFailures}`,
    measured: String(failures),
    met: failures === TARGETS.throttledFailures,
  });
  const throttledRatio = throttled.writeWindow.medianMs / throttled.bucketMinimumMs;
  verdicts.push({
    id: "throttled-ratio",
    figure: "throttled write time / bucket minimum",
    target: `≤ ${TARGETS.throttledRatio.toFixed(2)}`,
    measured: throttledRatio.toFixed(3),
    met: throttledRatio <= TARGETS.throttledRatio,
  });
  const growth = growthRatio(report, "ours");
  verdicts.push({
    id: "growth",
    figure: "`up` cost per added resource, largest step in N / first step",
    target: `≤ ${TARGETS.growthRatio.toFixed(2)} (flat)`,
    measured: growth === undefined ? "not measured" : growth.toFixed(3),
    met: growth === undefined ? undefined : growth <= TARGETS.growthRatio,
  });
  return verdicts;
}

/**
 * The marginal `up` cost per resource over the largest step in N divided by that over the first step; undefined
 * with fewer than three sizes (two steps).
 */
export function growthRatio(report: BenchReport, subject: "ours" | "floor"): number | undefined {
  const series = growthSeries(report.engine).find((s) => s.subject === subject && s.kind === "up");
  const steps = series?.marginalMsPerResource ?? [];
  const first = steps[0];
  const last = steps[steps.length - 1];
  if (first === undefined || last === undefined || steps.length < 2 || first.ms <= 0) {
    return undefined;
  }
  return last.ms / first.ms;
}

function formatCount(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
