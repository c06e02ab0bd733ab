import { execFile } from "node:child_process";
import { REPO_ROOT } from "../../test/engine/harness/toolchain";
import { summarizeTimings, type TimingSummary } from "../harness/timingSummary";

/** What loading the libraries ours needs for Graph costs a fresh provider process, and what the floor's cost. */
export interface ProviderLoadCost {
  /** `require("@azure/identity")`: the credential library, loaded on the first Graph call of a process. */
  readonly identity: TimingSummary;
  /** `require("axios")`: the HTTP client, loaded with the Graph client. */
  readonly axios: TimingSummary;
  /** `require("node:https")`: all the floor loads. */
  readonly https: TimingSummary;
}

// Prints the milliseconds each require took, in a process that has loaded nothing else. https goes first: the
// other two load it themselves.
const PROBE = `
const t0 = performance.now(); require("node:https");
const t1 = performance.now(); require("@azure/identity");
const t2 = performance.now(); require("axios");
const t3 = performance.now();
process.stdout.write(JSON.stringify({ https: t1 - t0, identity: t2 - t1, axios: t3 - t2 }));
`;

/**
 * Loads the libraries in `runs` fresh Node processes started in the repository root (where the provider process
 * resolves them from). This is the part of ours' cost that comes once per `up`, `refresh` or `destroy`, whatever N.
 */
export async function measureProviderLoadCost(runs: number): Promise<ProviderLoadCost> {
  const samples: Array<Record<keyof ProviderLoadCost, number>> = [];
  for (let run = 0; run < runs; run += 1) {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ["-e", PROBE], { cwd: REPO_ROOT }, (error, out) => (error ? reject(error) : resolve(out)));
    });
    samples.push(JSON.parse(stdout) as Record<keyof ProviderLoadCost, number>);
  }
  return {
    identity: summarizeTimings(samples.map((s) => s.identity)),
    axios: summarizeTimings(samples.map((s) => s.axios)),
    https: summarizeTimings(samples.map((s) => s.https)),
  };
}
