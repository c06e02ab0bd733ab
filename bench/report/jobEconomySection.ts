import type { BenchReport } from "../benchmark";
import { AZUREAD_JOB_PATTERN, JOB_OPERATIONS, type JobOperation } from "../measurements/jobEconomy";
import { table } from "./markdownTable";

/** What each measured job operation is, in the engine's terms. */
const HOW: Readonly<Record<JobOperation, string>> = {
  create: "`up`: new jobs, `enabled: true`",
  pause: "`up`: `enabled` true to false",
  start: "`up`: `enabled` false to true",
  restart: "`up`: a new `restartTrigger`",
  delete: "`destroy`",
};

/** RESULTS.md's section on the requests of `SynchronizationJob`, against the documented pattern of azuread's job resource. */
export function jobEconomySection(report: BenchReport): string {
  const economy = report.jobEconomy;
  const heading = "## 2b. Request economy of `SynchronizationJob`";
  if (economy === undefined) return `${heading}\n\nNot measured in this run.`;
  const cell = (operation: JobOperation): string => {
    const row = economy.rows.find((r) => r.operation === operation);
    if (row === undefined) return "not measured";
    const calls = Object.entries(row.operations).map(([name, count]) => `${count / row.size} × ${name}`).join(", ") || "none";
    return `${Number.isInteger(row.graphRequestsPerJob) ? row.graphRequestsPerJob : row.graphRequestsPerJob.toFixed(2)} (${calls})`;
  };
  const tokens = economy.rows.map((row) => row.tokenRequests);
  return [
    heading,
    `Graph requests per job, N = ${economy.size} jobs each on its own service principal, one engine run per operation on one stack, ` +
      `with the calls per job by the emulator's operation name; each run made ${describeTokens(tokens)}. ` +
      "The create lists the principal's jobs first (is there one from the template already? Graph does not say whether it would create a second). " +
      "The terraform-provider-azuread column is the pattern `azuread_synchronization_job` documents in its code (reference §2.5), not a measurement; " +
      "terraform's plan also reads every resource before each apply, which neither column counts.",
    table(
      ["operation", "engine run", "ours (measured)", "azuread_synchronization_job (documented pattern)"],
      JOB_OPERATIONS.map((operation) => [operation, HOW[operation], cell(operation), AZUREAD_JOB_PATTERN[operation]]),
    ),
  ].join("\n\n");
}

function describeTokens(counts: readonly number[]): string {
  const distinct = [...new Set(counts)];
  return distinct.length === 1 ? `${distinct[0]} token request(s)` : `between ${Math.min(...counts)} and ${Math.max(...counts)} token requests`;
}
