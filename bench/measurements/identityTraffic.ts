import type { OperationSample } from "../harness/fleetStack";
import { summarizeTimings } from "../harness/timingSummary";

/** What a subject's operations asked of the identity surface, from the emulator's request log. */
export interface IdentityTraffic {
  /** Operations counted. */
  readonly runs: number;
  /** Median requests to the token endpoint per operation. */
  readonly tokenRequests: number;
  /** Median other identity requests per operation (the authority's metadata, its keys). */
  readonly otherRequests: number;
  /** The other requests' paths, the tenant replaced by `{tenant}`, in the order first seen. */
  readonly otherPaths: readonly string[];
}

const TOKEN_ENDPOINT = /\/oauth2\/v2\.0\/token$/;

/**
 * The identity requests of `samples` (one subject and kind), split into token requests and the others, so a report
 * can say from the log what a credential library fetched besides its token. Undefined without samples.
 */
export function identityTraffic(samples: readonly OperationSample[]): IdentityTraffic | undefined {
  if (samples.length === 0) {
    return undefined;
  }
  const perRun = samples.map((sample) => {
    const identity = sample.traffic.log.filter((entry) => entry.surface === "identity").map((entry) => entry.path.split("?")[0] ?? "");
    return { tokens: identity.filter((p) => TOKEN_ENDPOINT.test(p)), others: identity.filter((p) => !TOKEN_ENDPOINT.test(p)) };
  });
  const median = (values: number[]) => summarizeTimings(values).medianMs;
  return {
    runs: samples.length,
    tokenRequests: median(perRun.map((run) => run.tokens.length)),
    otherRequests: median(perRun.map((run) => run.others.length)),
    otherPaths: [...new Set(perRun.flatMap((run) => run.others.map((p) => p.replace(/^\/[^/]+\//, "/{tenant}/"))))],
  };
}
