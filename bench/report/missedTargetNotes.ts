import type { BenchReport } from "../benchmark";
import type { SizeTimings } from "../measurements/engineTimings";
import { operationPhases } from "../measurements/operationPhases";
import { stateEconomy } from "../measurements/stateEconomy";
import { growthRatio, ratioTimings } from "./verdicts";

/**
 * What explains a missed target and what bounds the figure, for the note in RESULTS.md. Each text states what the
 * measurements of the same run show about where the time goes, with the figures filled in from the report.
 *
 * @param id - a verdict id from `judge`
 */
export function missedTargetNote(id: string, report: BenchReport): string {
  const atSize = ratioTimings(report);
  switch (id) {
    case "up-ratio":
    case "destroy-ratio":
      return atSize === undefined ? "" : writeCost(report, atSize, id === "up-ratio" ? "up" : "destroy");
    case "preview-ratio":
      return atSize === undefined ? "" : previewCost(atSize);
    case "throttled-ratio":
      return (
        "The provider learns that the bucket is empty only from a 429, and waits the Retry-After it is given; the throttle gate then lets one " +
        "request through and widens as requests succeed, so some refills are spent waiting rather than writing."
      );
    case "throttled-failures":
      return "A resource failed when its write was still refused at the operation deadline (graphsync:operationTimeout, 5 minutes by default).";
    case "growth":
      return growthBound(report);
    default:
      return "A count above its target means ours made requests the design does not call for; the request log of the run shows which.";
  }
}

function previewCost(atSize: SizeTimings): string {
  const ours = atSize.timings.ours.preview;
  const floor = atSize.timings.floor.preview;
  return (
    `Ours took ${seconds(ours.medianMs - floor.medianMs)} longer than the floor at N = ${atSize.size}, less than either subject's spread ` +
    `between its fastest and slowest run (${seconds(ours.maxMs - ours.minMs)} and ${seconds(floor.maxMs - floor.minMs)}). A preview makes no ` +
    "request for either. Ours runs its check and diff of every resource in its provider process (loading the package's runtime and secrets " +
    "core once); the floor has neither, and the engine diffs its inputs itself. That work is the bound."
  );
}

function growthBound(report: BenchReport): string {
  const floorGrowth = growthRatio(report, "floor");
  const excess = report.engine
    .filter((t) => t.size > 1)
    .map((t) => `${((t.timings.ours.up.medianMs - t.timings.floor.up.medianMs) / t.size).toFixed(1)} ms at N = ${t.size}`);
  return (
    `The floor's cost per added resource grows by about the same factor (${floorGrowth?.toFixed(3) ?? "not measured"}): the engine itself is ` +
    "not linear in N here (it saves the whole checkpoint at the start and the end of every step, pulumi/pulumi#3298, so each step costs more " +
    "as the stack grows), and that bounds any " +
    `provider's growth. What ours adds per resource stays flat: ours minus floor, per resource, \`up\`: ${excess.join(", ")} (section 5).`
  );
}

/** Splits ours' extra time in an `up` or `destroy` into what comes once per run and what comes per resource. */
function writeCost(report: BenchReport, atSize: SizeTimings, kind: "up" | "destroy"): string {
  const of = (subject: "ours" | "floor") => operationPhases(atSize.samples.filter((s) => s.subject === subject && s.kind === kind));
  const ours = of("ours");
  const floor = of("floor");
  if (ours === undefined || floor === undefined) {
    return "";
  }
  const extraStart = ours.beforeFirstRequest.medianMs - floor.beforeFirstRequest.medianMs;
  const extraWindow = ours.requestWindow.medianMs - floor.requestWindow.medianMs;
  const state = stateEconomy(report.engine);
  const bytes = (subject: "ours" | "floor") => state.find((s) => s.subject === subject)?.resourceBytes ?? 0;
  return (
    `At N = ${atSize.size} ours reaches its first Graph request ${seconds(extraStart)} later than the floor, and its requests span ` +
    `${seconds(extraWindow)} more (${(extraWindow / atSize.size).toFixed(1)} ms per resource); both make the same requests (section 2). ` +
    `The first part comes once per run: the provider process loads @azure/identity (${seconds(report.providerLoad.identity.medianMs)} here) ` +
    `and axios (${seconds(report.providerLoad.axios.medianMs)}) before its first write where the floor loads Node's https, and MSAL fetches the ` +
    `authority's OpenID metadata before the token request. The second part is per resource: ${cpuShare(report)}` +
    `Ours also stores ${Math.round(bytes("ours"))} bytes of state per resource against the floor's ${Math.round(bytes("floor"))} (section 3), ` +
    "which the engine writes again with the whole checkpoint after every step. " +
    `${networkShare(report, atSize.size)}So the ratio is bounded by these costs over the engine floor at this N.`
  );
}

/** The largest differences in provider CPU between ours and the floor, from the profiles. */
function cpuShare(report: BenchReport): string {
  const ours = report.profiles.find((p) => p.subject === "ours");
  const floor = report.profiles.find((p) => p.subject === "floor");
  if (ours === undefined || floor === undefined) {
    return "";
  }
  const largest = Object.keys(ours.categories)
    .map((category) => ({ category, extra: (ours.categories[category] ?? 0) - (floor.categories[category] ?? 0) }))
    .filter((d) => d.extra > 0)
    .sort((a, b) => b.extra - a.extra)
    .slice(0, 3)
    .map((d) => `${d.category} ${d.extra.toFixed(0)} ms`);
  return (
    `ours' provider process used ${(ours.busyMs - floor.busyMs).toFixed(0)} ms more CPU than the floor's in an \`up\` of N = ${ours.size} (median of ${ours.runs}) ` +
    `(${(((ours.busyMs - floor.busyMs) / ours.size)).toFixed(1)} ms per resource; most of it: ${largest.join(", ")}; section 1). `
  );
}

/** How little of the request window the emulator's latency explains: the rest is the engine and the providers. */
function networkShare(report: BenchReport, size: number): string {
  const parallel = report.machine.defaultParallel;
  if (parallel === undefined) {
    return "";
  }
  const latency = report.options.latencyMs;
  return `The latency alone would take ${seconds((size / parallel) * latency)} (${size} requests of ${latency} ms, ${parallel} at a time): the engine's own time fills most of both windows. `;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
