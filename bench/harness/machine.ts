import { execFileSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { pulumiBinDir } from "../../test/engine/harness/toolchain";

/** The machine a benchmark ran on: what a reader needs to compare its figures with another run's. */
export interface MachineDescription {
  /** Logical cores available to this process (what `nproc` prints). */
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly platform: string;
  readonly node: string;
  readonly pulumi: string;
  /** The CLI's default `--parallel` on this machine, as `pulumi up --help` states it; undefined if it does not. */
  readonly defaultParallel: number | undefined;
}

/** Describes this machine and the toolchain the benchmark drives. */
export function describeMachine(): MachineDescription {
  const cli = (...args: string[]) =>
    execFileSync(path.join(pulumiBinDir(), "pulumi"), args, { env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } }).toString();
  const parallel = /--parallel\b[^\n]*\(default (\d+)\)/.exec(cli("up", "--help"))?.[1];
  return {
    cores: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    pulumi: cli("version").trim(),
    defaultParallel: parallel === undefined ? undefined : Number(parallel),
  };
}

/** The 1, 5 and 15 minute load averages, rounded to two decimals. */
export function loadAverage(): readonly [number, number, number] {
  const [one = 0, five = 0, fifteen = 0] = os.loadavg().map((load) => Math.round(load * 100) / 100);
  return [one, five, fifteen];
}
