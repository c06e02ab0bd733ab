/**
 * The benchmark driver: `npm run bench` (scripts/bench.sh) runs it with tsx after the toolchain is ready.
 *
 *   npx tsx bench/run.ts [--latency 20] [--sizes 1,50,200,500] [--runs 5] [--runs-large 3] [--economy-size 50]
 *                        [--profile-size 200] [--profile-runs 3]
 *                        [--throttled-size 200] [--throttled-capacity 50] [--throttled-refill 5] [--throttled-runs 5]
 *                        [--no-emulator] [--out bench]
 *   npx tsx bench/run.ts --from-json bench/.work/report.json [--out bench]
 *
 * Writes RESULTS.md and growth.svg to the output folder, keeps the raw report in bench/.work/report.json (so the
 * report can be rendered again without measuring again, with --from-json), and prints each target's verdict. Exits
 * non-zero when the benchmark's own checks fail, never because a target was missed: a missed target is a finding.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import setUpEmulatorCertificateAuthority from "../test/emulator/globalSetup";
import { findLeaks } from "../test/engine/harness/leakScan";
import type { BenchOptions } from "./benchOptions";
import { runBenchmark, type BenchReport } from "./benchmark";
import { growthSeries } from "./measurements/growth";
import { renderGrowthChart } from "./report/growthChart";
import { GROWTH_CHART_FILE, renderResults } from "./report/resultsReport";
import { judge } from "./report/verdicts";

const SAVED_REPORT = path.join(__dirname, ".work", "report.json");

function parseArguments() {
  return parseArgs({
    options: {
      latency: { type: "string" },
      sizes: { type: "string" },
      runs: { type: "string" },
      "runs-large": { type: "string" },
      "economy-size": { type: "string" },
      "profile-size": { type: "string" },
      "profile-runs": { type: "string" },
      "throttled-size": { type: "string" },
      "throttled-capacity": { type: "string" },
      "throttled-refill": { type: "string" },
      "throttled-runs": { type: "string" },
      "no-emulator": { type: "boolean" },
      out: { type: "string" },
      "from-json": { type: "string" },
    },
  });
}

function optionsFromArguments(values: ReturnType<typeof parseArguments>["values"]): BenchOptions {
  const number = (text: string | undefined): number | undefined => (text === undefined ? undefined : Number(text));
  return {
    latencyMs: number(values.latency),
    sizes: values.sizes?.split(",").map(Number),
    runs: number(values.runs),
    runsAboveLargeSize: number(values["runs-large"]),
    economySize: number(values["economy-size"]),
    profileSize: number(values["profile-size"]),
    profileRuns: number(values["profile-runs"]),
    throttled: {
      size: number(values["throttled-size"]),
      capacity: number(values["throttled-capacity"]),
      refillPerSecond: number(values["throttled-refill"]),
      runs: number(values["throttled-runs"]),
    },
    emulatorThroughput: values["no-emulator"] !== true,
    outputDir: values.out,
  };
}

/** Writes RESULTS.md and the chart, after checking that neither holds a secret value. */
function writeResults(report: BenchReport, outputDir: string, secretValues: readonly string[]): void {
  const results = renderResults(report);
  const machine = report.machine;
  const caption =
    `${machine.cores} cores, Node ${machine.node}, Pulumi ${machine.pulumi}, ${report.options.latencyMs} ms latency, ` +
    `medians of ${report.engine.map((t) => t.runs).join("/")} runs, ${report.finishedAt.slice(0, 10)}`;
  const chart = renderGrowthChart(growthSeries(report.engine), caption);
  const leaks = findLeaks({ "RESULTS.md": results, [GROWTH_CHART_FILE]: chart }, secretValues);
  if (leaks.length > 0) {
    throw new Error(`refusing to write the results: ${leaks.join("; ")}`);
  }
  writeFileSync(path.join(outputDir, "RESULTS.md"), results);
  writeFileSync(path.join(outputDir, GROWTH_CHART_FILE), chart);
  for (const verdict of judge(report)) {
    const mark = verdict.met === undefined ? "n/a " : verdict.met ? "met " : "MISS";
    process.stdout.write(`${mark}  ${verdict.figure}: ${verdict.measured} (target ${verdict.target})\n`);
  }
  process.stdout.write(`wrote ${path.join(outputDir, "RESULTS.md")}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArguments();
  if (values["from-json"] !== undefined) {
    // Scanned for secret values when it was saved.
    const report = JSON.parse(readFileSync(values["from-json"], "utf8")) as BenchReport;
    writeResults(report, path.resolve(values.out ?? report.options.outputDir), []);
    return;
  }
  // The CA every process of the run trusts through NODE_EXTRA_CA_CERTS, as in the test suite.
  const removeCertificateAuthority = await setUpEmulatorCertificateAuthority();
  try {
    const { report, secretValues } = await runBenchmark(optionsFromArguments(values), (line) => process.stderr.write(`[bench] ${line}\n`));
    const raw = JSON.stringify(report);
    const leaks = findLeaks({ "the raw report": raw }, secretValues);
    if (leaks.length > 0) {
      throw new Error(`refusing to save the report: ${leaks.join("; ")}`);
    }
    mkdirSync(path.dirname(SAVED_REPORT), { recursive: true });
    writeFileSync(SAVED_REPORT, raw);
    writeResults(report, report.options.outputDir, secretValues);
  } finally {
    await removeCertificateAuthority();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
  process.exit(1);
});
