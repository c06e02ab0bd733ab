import * as path from "node:path";

/** The write bucket of the throttled run, and how big and how often that run is. */
export interface ThrottledRunOptions {
  /** Resources in the stack. */
  readonly size: number;
  /** Writes the emulator's bucket holds when full. */
  readonly capacity: number;
  /** Writes the bucket gets back per second. */
  readonly refillPerSecond: number;
  /** How many throttled `up`s to time. */
  readonly runs: number;
}

/** What the benchmark runs. Every field is optional; {@link resolveBenchOptions} applies the defaults. */
export interface BenchOptions {
  /** Milliseconds the emulator adds to every request. Default 20. */
  readonly latencyMs?: number;
  /** Stack sizes timed against the floor (preview, up, destroy). Default 1, 50, 200, 500. */
  readonly sizes?: readonly number[];
  /** Timed runs per size. Default 5 for every size up to 200, 3 above (see `runsAboveLargeSize`). */
  readonly runs?: number;
  /** Timed runs for sizes above 200, where one run takes longest. Default 3. */
  readonly runsAboveLargeSize?: number;
  /** Resources in the request-economy stacks. Default 50. */
  readonly economySize?: number;
  /** Resources in the `up`s whose provider processes are CPU-profiled. Default 200. */
  readonly profileSize?: number;
  /** Profiled `up`s per subject. Default 3. */
  readonly profileRuns?: number;
  /** The throttled run. Default 200 resources, a bucket of 50 writes refilled at 5 per second, 5 runs. */
  readonly throttled?: Partial<ThrottledRunOptions>;
  /** Whether to run bench/emulator.ts first and include its figure. Default true. */
  readonly emulatorThroughput?: boolean;
  /** Where RESULTS.md and growth.svg are written. Default this folder. */
  readonly outputDir?: string;
}

/** Options with every default applied. */
export interface ResolvedBenchOptions {
  readonly latencyMs: number;
  readonly sizes: readonly number[];
  readonly runs: number;
  readonly runsAboveLargeSize: number;
  readonly economySize: number;
  readonly profileSize: number;
  readonly profileRuns: number;
  readonly throttled: ThrottledRunOptions;
  readonly emulatorThroughput: boolean;
  readonly outputDir: string;
}

/** Above this size a run takes long enough that fewer runs keep the whole benchmark under half an hour. */
export const LARGE_SIZE = 200;

/** Applies the defaults, in this one place. */
export function resolveBenchOptions(options: BenchOptions = {}): ResolvedBenchOptions {
  const resolved: ResolvedBenchOptions = {
    latencyMs: options.latencyMs ?? 20,
    sizes: [...(options.sizes ?? [1, 50, 200, 500])].sort((a, b) => a - b),
    runs: options.runs ?? 5,
    runsAboveLargeSize: options.runsAboveLargeSize ?? 3,
    economySize: options.economySize ?? 50,
    profileSize: options.profileSize ?? 200,
    profileRuns: options.profileRuns ?? 3,
    throttled: {
      size: options.throttled?.size ?? 200,
      capacity: options.throttled?.capacity ?? 50,
      refillPerSecond: options.throttled?.refillPerSecond ?? 5,
      runs: options.throttled?.runs ?? 5,
    },
    emulatorThroughput: options.emulatorThroughput ?? true,
    outputDir: options.outputDir ?? __dirname,
  };
  const counts = [...resolved.sizes, resolved.runs, resolved.runsAboveLargeSize, resolved.economySize, resolved.profileSize, resolved.profileRuns, resolved.throttled.size, resolved.throttled.runs];
  if (counts.some((count) => !Number.isInteger(count) || count < 1)) {
    throw new RangeError("sizes and run counts must be whole numbers of at least 1");
  }
  if (resolved.throttled.capacity >= resolved.throttled.size || resolved.throttled.refillPerSecond <= 0) {
    throw new RangeError("the throttled run needs more writes than the bucket holds, and a bucket that refills");
  }
  return { ...resolved, outputDir: path.resolve(resolved.outputDir) };
}

/** Timed runs at one size. */
export function runsAt(options: ResolvedBenchOptions, size: number): number {
  return size > LARGE_SIZE ? Math.min(options.runs, options.runsAboveLargeSize) : options.runs;
}
