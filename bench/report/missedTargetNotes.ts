import type { BenchReport } from "../benchmark";
import { ratioTimings } from "./verdicts";

/**
 * What explains a missed target and what bounds the figure, for the note in RESULTS.md. The texts say what the
 * measurements showed about where the time goes; figures are filled in from the report.
 *
 * @param id - a verdict id from `judge`
 */
export function missedTargetNote(id: string, report: BenchReport): string {
  const atSize = ratioTimings(report);
  const fixedCost = (kind: "up" | "preview" | "destroy"): string => {
    if (atSize === undefined) {
      return "";
    }
    const extra = (atSize.timings.ours[kind].medianMs - atSize.timings.floor[kind].medianMs) / 1000;
    return `Ours took ${extra.toFixed(2)} s longer than the floor at N = ${atSize.size}. `;
  };
  switch (id) {
    case "up-ratio":
    case "destroy-ratio":
      return (
        fixedCost(id === "up-ratio" ? "up" : "destroy") +
        "Both make the same Graph writes and one token request; the difference comes once per run, not per resource: the provider process " +
        `loads @azure/identity (${seconds(report.providerLoad.identity.medianMs)} here) and axios (${seconds(report.providerLoad.axios.medianMs)}) before its first write, ` +
        "where the floor loads only Node's https, and MSAL fetches the authority's OpenID metadata before the token request (one more round trip). " +
        "So the ratio is bounded by that fixed cost over the floor's own time at this N, and falls as N grows (section 1)."
      );
    case "preview-ratio":
      return (
        fixedCost("preview") +
        "A preview makes no request for either. Ours runs check and diff for every resource (the floor has neither and lets the engine diff), " +
        "and loads the package's runtime and secrets core once per provider process."
      );
    case "throttled-ratio":
      return (
        "The provider only learns that the bucket is empty from a 429, and waits the Retry-After it is given; the throttle gate then lets one " +
        "request through and widens as requests succeed, so some refills are spent on waits rather than writes."
      );
    case "throttled-failures":
      return "A resource failed when its write was still refused at the operation deadline (graphsync:operationTimeout, 5 minutes by default).";
    case "growth":
      return "The floor's cost per added resource grows in the same way when the engine itself is not linear in N (it rewrites the whole checkpoint after each step).";
    default:
      return "A count above its target means ours made requests the design does not call for; the request log of the run shows which.";
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
