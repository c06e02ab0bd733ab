import { resolveBenchOptions, type BenchOptions, type ResolvedBenchOptions } from "./benchOptions";
import { BenchTenant } from "./harness/benchTenant";
import { describeMachine, loadAverage, type MachineDescription } from "./harness/machine";
import { measureEmulatorThroughput, type EmulatorThroughput } from "./measurements/emulatorThroughput";
import { measureEngineTimings, type SizeTimings } from "./measurements/engineTimings";
import { measureJobEconomy, type JobEconomyRow } from "./measurements/jobEconomy";
import { measureProviderLoadCost, type ProviderLoadCost } from "./measurements/providerLoadCost";
import { measureProviderProfiles, type ProviderProfile } from "./measurements/providerProfile";
import { measureRequestEconomy, type EconomyRow } from "./measurements/requestEconomy";
import { measureThrottledRun, type ThrottledRun } from "./measurements/throttledRun";
import type { OperationSample } from "./harness/fleetStack";

/** Everything one benchmark run measured, from which RESULTS.md and growth.svg are rendered. */
export interface BenchReport {
  readonly options: ResolvedBenchOptions;
  readonly machine: MachineDescription;
  /** ISO instants. */
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Load averages (1, 5, 15 min) when the run started and when it ended. */
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
  /** The emulator's own throughput; absent when not measured (fast mode). */
  readonly emulator: EmulatorThroughput | undefined;
  /** What loading ours' Graph and credential libraries costs a fresh provider process, against the floor's. */
  readonly providerLoad: ProviderLoadCost;
  /** Ours and the floor at each size. */
  readonly engine: readonly SizeTimings[];
  /** Where each subject's provider process spent its CPU in one `up`. */
  readonly profiles: readonly ProviderProfile[];
  /** Requests per operation. */
  readonly economy: { readonly size: number; readonly rows: readonly EconomyRow[]; readonly samples: readonly OperationSample[] };
  /** Requests per `SynchronizationJob` operation, N = the economy size; absent from reports saved before it existed. */
  readonly jobEconomy?: { readonly size: number; readonly rows: readonly JobEconomyRow[] };
  readonly throttled: ThrottledRun;
}

/** A report and the secret values the run declared, for leak scans of what it wrote. */
export interface BenchOutcome {
  readonly report: BenchReport;
  /** Every `SecretToken` value of every stack, and the app's client secret. */
  readonly secretValues: readonly string[];
}

/**
 * Runs every measurement: the emulator's throughput, what loading ours' libraries costs a provider process, then
 * against one emulator the engine timings against the floor (which also give the state economy and the growth), a
 * CPU profile of each subject's provider process, the request economy (of the secrets, and of the jobs) and the
 * throttled run.
 *
 * @param options - what to run; see {@link resolveBenchOptions} for the defaults
 * @param progress - receives one line per step, for a person watching
 */
export async function runBenchmark(options: BenchOptions = {}, progress: (line: string) => void = () => undefined): Promise<BenchOutcome> {
  const resolved = resolveBenchOptions(options);
  const startedAt = new Date().toISOString();
  const loadBefore = loadAverage();
  const machine = describeMachine();
  // First, and alone: its load generator would otherwise compete with the engine runs.
  const emulator = resolved.emulatorThroughput ? await measureEmulatorThroughput() : undefined;
  if (emulator) {
    progress(`emulator: ${emulator.requestsPerSecond} requests per second`);
  }
  const providerLoad = await measureProviderLoadCost(resolved.runs);
  progress(`loading @azure/identity: ${providerLoad.identity.medianMs.toFixed(0)} ms, axios: ${providerLoad.axios.medianMs.toFixed(0)} ms`);
  const tenant = await BenchTenant.start(resolved.latencyMs);
  try {
    const engine = await measureEngineTimings(tenant, resolved, progress);
    const profiles = await measureProviderProfiles(tenant, resolved.profileSize, resolved.profileRuns, progress);
    const economy = await measureRequestEconomy(tenant, resolved.economySize, progress);
    const jobRows = await measureJobEconomy(tenant, resolved.economySize, progress);
    const throttled = await measureThrottledRun(tenant, resolved.throttled, progress);
    const report: BenchReport = {
      options: resolved,
      machine,
      startedAt,
      finishedAt: new Date().toISOString(),
      loadBefore,
      loadAfter: loadAverage(),
      emulator,
      providerLoad,
      engine,
      profiles,
      economy: { size: resolved.economySize, ...economy },
      jobEconomy: { size: resolved.economySize, rows: jobRows },
      throttled,
    };
    return { report, secretValues: [...tenant.secretValues(), tenant.clientSecret] };
  } finally {
    await tenant.close();
  }
}
