import type { BenchReport } from "../benchmark";
import type { OperationSample } from "../harness/fleetStack";
import type { SizeTimings } from "../measurements/engineTimings";
import { identityTraffic } from "../measurements/identityTraffic";
import { operationPhases } from "../measurements/operationPhases";
import { profileOf, type ProfiledKind } from "../measurements/providerProfile";
import { stateEconomy } from "../measurements/stateEconomy";
import { TARGETS } from "./targets";
import { growthRatio, ratioTimings } from "./verdicts";

/**
 * What the same run measured about a missed target, for the note in RESULTS.md. Every figure and every comparison
 * ("less than", "flat", "the same requests") is computed from the report; what the run did not measure is said so.
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
      return throttledCost(report);
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
  const extra = ours.medianMs - floor.medianMs;
  const spreads = [ours.maxMs - ours.minMs, floor.maxMs - floor.minMs];
  const comparison =
    extra < Math.min(...spreads)
      ? "less than either subject's spread"
      : extra < Math.max(...spreads)
        ? "less than one subject's spread and more than the other's"
        : "more than either subject's spread";
  const previews = atSize.samples.filter((sample) => sample.kind === "preview");
  const requests = previews.reduce((sum, sample) => sum + sample.traffic.graphRequestsTotal + sample.traffic.tokenRequests, 0);
  return (
    `Ours took ${seconds(extra)} longer than the floor at N = ${atSize.size}, ${comparison} between its fastest and slowest run ` +
    `(${seconds(spreads[0] ?? 0)} and ${seconds(spreads[1] ?? 0)}). ${requests === 0 ? "None" : `${requests} requests`} of the ` +
    `${previews.length} previews reached Graph or the token endpoint. Ours runs its check and diff of every resource in its provider ` +
    "process, the floor has neither and the engine diffs its inputs itself; this run profiles `up` and `destroy`, not a preview, so how " +
    "much of the difference that work accounts for was not measured."
  );
}

function growthBound(report: BenchReport): string {
  const floorGrowth = growthRatio(report, "floor");
  const oursGrowth = growthRatio(report, "ours");
  const excess = report.engine
    .filter((t) => t.size > 1)
    .map((t) => ({ size: t.size, ms: (t.timings.ours.up.medianMs - t.timings.floor.up.medianMs) / t.size }));
  if (floorGrowth === undefined || oursGrowth === undefined || excess.length === 0) {
    return "This run measured too few sizes to compare the growth of ours and the floor.";
  }
  const alike = Math.abs(oursGrowth / floorGrowth - 1) <= 0.1;
  const floorFlat = floorGrowth <= TARGETS.growthRatio;
  const excessValues = excess.map((e) => e.ms);
  const excessFlat = Math.min(...excessValues) > 0 && Math.max(...excessValues) / Math.min(...excessValues) <= TARGETS.growthRatio;
  return (
    `The floor's cost per added resource grows by a factor of ${floorGrowth.toFixed(3)}, ` +
    `${alike ? "about the same as" : "against"} ours' ${oursGrowth.toFixed(3)}. ` +
    (floorFlat
      ? "The floor stays within the flat bound, so the growth is ours. "
      : `The floor, one PUT per resource and nothing else, is not flat either (above ${TARGETS.growthRatio.toFixed(2)}): the engine's own ` +
        "cost per step grows with the stack, as its saving the whole checkpoint around every step would make it (pulumi/pulumi#3298; the " +
        "checkpoint writes were not timed here). ") +
    `What ours adds per resource over the floor, \`up\`: ${excess.map((e) => `${e.ms.toFixed(1)} ms at N = ${e.size}`).join(", ")} ` +
    (excessFlat
      ? `(largest / smallest within ${TARGETS.growthRatio.toFixed(2)}: flat) (section 5).`
      : `(largest / smallest ${(Math.max(...excessValues) / Math.min(...excessValues)).toFixed(2)}: not flat) (section 5).`)
  );
}

/** Ours' extra time in an `up` or `destroy`, split by the emulator's log into before, during and after its requests. */
function writeCost(report: BenchReport, atSize: SizeTimings, kind: ProfiledKind): string {
  const samplesOf = (timings: SizeTimings, subject: "ours" | "floor") => timings.samples.filter((s) => s.subject === subject && s.kind === kind);
  const ours = operationPhases(samplesOf(atSize, "ours"));
  const floor = operationPhases(samplesOf(atSize, "floor"));
  if (ours === undefined || floor === undefined) {
    return "";
  }
  const extraStart = ours.beforeFirstRequest.medianMs - floor.beforeFirstRequest.medianMs;
  const extraWindow = ours.requestWindow.medianMs - floor.requestWindow.medianMs;
  const extraAfter = ours.afterLastRequest.medianMs - floor.afterLastRequest.medianMs;
  const extraTotal = atSize.timings.ours[kind].medianMs - atSize.timings.floor[kind].medianMs;
  const startBySize = report.engine
    .map((timings) => {
      const o = operationPhases(samplesOf(timings, "ours"));
      const f = operationPhases(samplesOf(timings, "floor"));
      return o === undefined || f === undefined ? undefined : `${signed(o.beforeFirstRequest.medianMs - f.beforeFirstRequest.medianMs)} at N = ${timings.size}`;
    })
    .filter((text) => text !== undefined);
  const state = stateEconomy(report.engine);
  const bytes = (subject: "ours" | "floor") => state.find((s) => s.subject === subject)?.resourceBytes ?? 0;
  return (
    `At N = ${atSize.size} ours took ${seconds(extraTotal)} longer than the floor (medians); split at the first and last Graph request ` +
    `(emulator log), ours minus the floor is ${signed(extraStart)} before the first, ${signed(extraWindow)} across the requests ` +
    `(${(extraWindow / atSize.size).toFixed(1)} ms per resource) and ${signed(extraAfter)} after the last. ` +
    `${sameRequests(samplesOf(atSize, "ours"), samplesOf(atSize, "floor"))} ` +
    `Ours minus the floor before the first request, at each size: ${startBySize.join(", ")}. A fresh Node process, measured apart, loads ` +
    `@azure/identity in ${seconds(report.providerLoad.identity.medianMs)} and axios in ${seconds(report.providerLoad.axios.medianMs)}, ` +
    `where the floor loads Node's https in ${seconds(report.providerLoad.https.medianMs)}. ` +
    `${identityShare(samplesOf(atSize, "ours"), samplesOf(atSize, "floor"))}${cpuShare(report, kind)}` +
    `Ours stores ${Math.round(bytes("ours"))} bytes of state per resource against the floor's ${Math.round(bytes("floor"))} (section 3). ` +
    networkShare(report, atSize.size, ours.requestWindow.medianMs, floor.requestWindow.medianMs)
  );
}

/** Whether both subjects made the same Graph requests in these operations, from the emulator's counts. */
function sameRequests(ours: readonly OperationSample[], floor: readonly OperationSample[]): string {
  const counts = (samples: readonly OperationSample[]) =>
    JSON.stringify([...new Set(samples.map((sample) => JSON.stringify(Object.entries(sample.traffic.graphRequests).sort())))].sort());
  return counts(ours) === counts(floor)
    ? "Both made the same Graph requests in every run (section 2)."
    : "The two made different Graph requests (section 2 lists them).";
}

/** What ours asked of the identity surface besides its token, against the floor, from the request log. */
function identityShare(ours: readonly OperationSample[], floor: readonly OperationSample[]): string {
  const o = identityTraffic(ours);
  const f = identityTraffic(floor);
  if (o === undefined || f === undefined || o.otherRequests === f.otherRequests) {
    return "";
  }
  return (
    `Besides its token request, ours' credential made ${o.otherRequests} identity request(s) per run (${o.otherPaths.join(", ")}), ` +
    `the floor's ${f.otherRequests}. `
  );
}

/** The largest differences in provider CPU between ours and the floor, from this kind's profiles. */
function cpuShare(report: BenchReport, kind: ProfiledKind): string {
  const ours = profileOf(report.profiles, "ours", kind);
  const floor = profileOf(report.profiles, "floor", kind);
  if (ours === undefined || floor === undefined) {
    return `This run has no CPU profile of a \`${kind}\`. `;
  }
  const largest = Object.keys(ours.categories)
    .map((category) => ({ category, extra: (ours.categories[category] ?? 0) - (floor.categories[category] ?? 0) }))
    .filter((d) => d.extra > 0)
    .sort((a, b) => b.extra - a.extra)
    .slice(0, 3)
    .map((d) => `${d.category} ${d.extra.toFixed(0)} ms`);
  return (
    `Ours' provider process used ${(ours.busyMs - floor.busyMs).toFixed(0)} ms more CPU than the floor's in ${kind === "up" ? "an" : "a"} \`${kind}\` of N = ${ours.size} ` +
    `(median of ${ours.runs}; ${((ours.busyMs - floor.busyMs) / ours.size).toFixed(1)} ms per resource; most of it: ${largest.join(", ")}; section 1). `
  );
}

/** How much of each request window the emulator's added latency alone would take. */
function networkShare(report: BenchReport, size: number, oursWindowMs: number, floorWindowMs: number): string {
  const parallel = report.machine.defaultParallel;
  if (parallel === undefined) {
    return "";
  }
  const latency = report.options.latencyMs;
  const latencyOnly = (size / parallel) * latency;
  const share = (windowMs: number) => (windowMs > 0 ? `${Math.round((latencyOnly / windowMs) * 100)}%` : "all");
  return (
    `The added latency alone would take ${seconds(latencyOnly)} (${size} requests of ${latency} ms, ${parallel} at a time): ` +
    `${share(oursWindowMs)} of ours' request window and ${share(floorWindowMs)} of the floor's.`
  );
}

function throttledCost(report: BenchReport): string {
  const throttled = report.throttled;
  const refusals = throttled.samples.map((sample) => sample.throttledResponses).sort((a, b) => a - b);
  const median = refusals[Math.floor(refusals.length / 2)] ?? 0;
  return (
    "The provider learns that the bucket is empty only from a 429 and waits the Retry-After it is given; the throttle gate then lets one " +
    `request through and widens as requests succeed. This run saw ${median} 429 responses in the median run (of ${refusals.length}); ` +
    "how much of the write time went to waiting rather than writing was not measured."
  );
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** A difference in seconds with its sign, e.g. `+0.40 s` or `−0.02 s`. */
function signed(ms: number): string {
  return `${ms < 0 ? "−" : "+"}${seconds(Math.abs(ms))}`;
}
