import type { PulumiFn } from "@pulumi/pulumi/automation";
import { installedPackage } from "../../test/engine/harness/toolchain";
import { BenchInvariantError } from "../harness/benchInvariantError";
import { BenchStack, type TimedOperation } from "../harness/benchStack";
import type { BenchTenant } from "../harness/benchTenant";

/** The job operations whose requests are counted, in the order they run on one stack. */
export const JOB_OPERATIONS = ["create", "pause", "start", "restart", "delete"] as const;

/** One of {@link JOB_OPERATIONS}. */
export type JobOperation = (typeof JOB_OPERATIONS)[number];

/** The requests one job operation made, for a stack of `size` jobs. */
export interface JobEconomyRow {
  readonly operation: JobOperation;
  /** Jobs the operation acted on, each on a service principal of its own. */
  readonly size: number;
  /** Graph requests by `"<METHOD> <status>"`. */
  readonly graphRequests: Readonly<Record<string, number>>;
  /** Graph requests by the emulator's operation name (`jobs.create`, `jobs.start`, ...). */
  readonly operations: Readonly<Record<string, number>>;
  /** Every Graph request divided by the jobs. */
  readonly graphRequestsPerJob: number;
  /** Token requests in the whole run. */
  readonly tokenRequests: number;
}

/**
 * The calls terraform-provider-azuread's `azuread_synchronization_job` makes per job, as the reference documents them
 * (graph-synchronization-api.md §2.5): a pattern read from its code, not a measurement. `≥` where it polls.
 */
export const AZUREAD_JOB_PATTERN: Readonly<Record<JobOperation, string>> = {
  create: "≥ 5: GET the service principal, POST the job, GET it until it answers (≥ 1), POST start (`enabled` defaults to true), then the read's GET",
  pause: "1: POST pause (`enabled = false`)",
  start: "1: POST start (`enabled = true`)",
  restart: "not offered",
  delete: "≥ 2: DELETE, then GET until it answers 404 (≥ 1)",
};

/** What the engine must report and what each job must be in after each operation, for a stack of `size` jobs. */
const EXPECTED: Readonly<Record<JobOperation, { changes: (size: number) => Record<string, number>; state?: string }>> = {
  create: { changes: (size) => ({ create: size + 1 }), state: "Active" },
  pause: { changes: (size) => ({ update: size, same: 1 }), state: "Paused" },
  start: { changes: (size) => ({ update: size, same: 1 }), state: "Active" },
  restart: { changes: (size) => ({ update: size, same: 1 }), state: "Active" },
  delete: { changes: (size) => ({ delete: size + 1 }) },
};

/**
 * Counts the requests of `size` jobs (each on its own service principal) created and started, paused, started again,
 * restarted through the trigger, and deleted: one engine run each. Counts, not timings; each operation is checked to
 * have done what it says on every job (the engine's change counts and the emulator's job state) before it is reported.
 */
export async function measureJobEconomy(tenant: BenchTenant, size: number, progress: (line: string) => void): Promise<JobEconomyRow[]> {
  const principals = tenant.newServicePrincipals(size);
  const declared = { enabled: true, restartTrigger: undefined as string | undefined };
  const { SynchronizationJob } = installedPackage();
  const program: PulumiFn = async () => {
    principals.forEach((servicePrincipalId, index) => {
      new SynchronizationJob(`job-${index}`, { servicePrincipalId, templateId: "scim", ...declared });
    });
  };
  const stack = await BenchStack.create({ program, config: tenant.config, projectName: "bench-jobs", env: tenant.stackEnvironment });
  const rows: JobEconomyRow[] = [];
  try {
    for (const operation of JOB_OPERATIONS) {
      if (operation === "pause") declared.enabled = false;
      if (operation === "start") declared.enabled = true;
      if (operation === "restart") declared.restartTrigger = "bench-restart";
      tenant.resetTraffic();
      const timed: TimedOperation = operation === "delete" ? await stack.destroy() : await stack.up();
      const traffic = tenant.observeTraffic();
      check(operation, timed, size, principals.map((id) => tenant.emulator.synchronizationJobs(id) ?? []));
      const operations: Record<string, number> = {};
      for (const entry of traffic.log) {
        if (entry.operation !== undefined) operations[entry.operation] = (operations[entry.operation] ?? 0) + 1;
      }
      const row = { operation, size, graphRequests: traffic.graphRequests, operations, graphRequestsPerJob: traffic.graphRequestsTotal / size, tokenRequests: traffic.tokenRequests };
      rows.push(row);
      progress(`job economy: ${operation} of ${size} jobs: ${traffic.graphRequestsTotal} Graph requests, ${traffic.tokenRequests} token requests`);
    }
  } finally {
    await stack.dispose();
  }
  return rows;
}

function check(operation: JobOperation, timed: TimedOperation, size: number, jobs: ReadonlyArray<ReadonlyArray<{ schedule: { state: string } }>>): void {
  const expected = EXPECTED[operation];
  const mismatches: string[] = [];
  if (JSON.stringify(sortedCounts(timed.changes)) !== JSON.stringify(sortedCounts(expected.changes(size)))) {
    mismatches.push(`changes: expected ${JSON.stringify(expected.changes(size))}, saw ${JSON.stringify(timed.changes)}`);
  }
  const states = jobs.map((list) => list.map((job) => job.schedule.state).join(","));
  const want = jobs.map(() => expected.state ?? "");
  if (JSON.stringify(states) !== JSON.stringify(want)) mismatches.push(`jobs: expected ${JSON.stringify(want)}, saw ${JSON.stringify(states)}`);
  if (mismatches.length > 0) throw new BenchInvariantError(`job ${operation} of ${size} jobs`, mismatches);
}

function sortedCounts(counts: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, count]) => count !== 0).sort(([a], [b]) => a.localeCompare(b)));
}
