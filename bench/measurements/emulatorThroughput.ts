import { execFile } from "node:child_process";
import * as path from "node:path";

/** The emulator benchmark's figure (bench/emulator.ts prints it as one JSON line). */
export interface EmulatorThroughput {
  readonly requestsPerSecond: number;
  readonly targetRequestsPerSecond: number;
  readonly concurrency: number;
  readonly seconds: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meetsTarget: boolean;
}

/**
 * Runs bench/emulator.ts in a process of its own (it forks the emulator into another), so that the emulator is
 * known not to be what bounds the engine figures. Its exit code says whether it met its target; the figure is
 * reported either way.
 */
export async function measureEmulatorThroughput(seconds = 5): Promise<EmulatorThroughput> {
  const tsxCli = path.join(path.dirname(require.resolve("tsx/package.json")), "dist", "cli.mjs");
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [tsxCli, path.join(__dirname, "..", "emulator.ts"), "--seconds", String(seconds)], (error, out) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (line.startsWith("{")) {
        resolve(line);
      } else {
        reject(new Error("bench/emulator.ts printed no result", { cause: error }));
      }
    });
  });
  return JSON.parse(stdout) as EmulatorThroughput;
}
