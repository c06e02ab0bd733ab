/**
 * How long a hostile error answer keeps the provider busy before the operation fails:
 *
 *   npx tsx bench/hostileErrorBody.ts [--runs 3] [--out bench]
 *
 * (after `source scripts/toolchain.sh`). Against the emulator on loopback, each answer of `HOSTILE_ANSWERS` (a short
 * one, and 1 MiB of each text that once made scrubbing quadratic) is served in place of the PUT's success, or of the
 * token, and timed twice: the Graph client alone in this process, and a whole `pulumi up` of one resource through the
 * Automation API. Writes HOSTILE-ERROR-BODY.md with every figure of the run; a timing here, never in a test.
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import setUpEmulatorCertificateAuthority from "../test/emulator/globalSetup";
import { startEmulatorTenant } from "../test/engine/harness/emulatorTenant";
import { findLeaks } from "../test/engine/harness/leakScan";
import { describeMachine, loadAverage } from "./harness/machine";
import type { TimingSummary } from "./harness/timingSummary";
import { measureHostileErrorBodies, type HostileErrorBodyReport } from "./measurements/hostileErrorBody";

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const range = (timing: TimingSummary): string => `${seconds(timing.medianMs)} (${seconds(timing.minMs)}–${seconds(timing.maxMs)})`;

/** The report, every figure computed from this run. */
function render(report: HostileErrorBodyReport, context: { machine: string; loadBefore: string; loadAfter: string; date: string }): string {
  const rows = report.results.map((result) =>
    [
      result.answer,
      result.surface === "graph" ? "PUT answered 400" : "token request answered 400",
      result.length.toLocaleString("en-US"),
      result.client === undefined ? "n/a" : range(result.client),
      range(result.up),
      result.shownChars.toLocaleString("en-US"),
    ].join(" | "),
  );
  const hostile = report.results.filter((result) => result.length > 1_000);
  const slowest = hostile.reduce((worst, result) => (result.up.maxMs > worst.up.maxMs ? result : worst));
  const baselines = report.results
    .filter((result) => result.length <= 1_000)
    .map((result) => `${seconds(result.up.medianMs)} with the ${result.answer.replace(/ \(baseline\)$/, "")}`);
  return [
    "# A hostile error answer: time to fail",
    "",
    `Measured by \`npx tsx bench/hostileErrorBody.ts --runs ${report.runs}\` on ${context.date}: ${context.machine}; load ` +
      `average ${context.loadBefore} before, ${context.loadAfter} after. Each answer replaces the success of the PUT (or ` +
      "of the token request) once per run; times are the median (fastest–slowest) of " +
      `${report.runs} runs. "Graph client" is \`putSecrets\` in the benchmark's own process; "pulumi up" is the whole ` +
      "Automation API call for one resource (CLI, engine, program, provider process). \"Longest line\" is the longest " +
      "line of what the failed up printed: the provider's error as the engine shows it. Every failure was checked to be " +
      "the provider's own error (Graph refused the PUT, or Entra the sign-in) and to hold no secret.",
    "",
    "| answer | where | characters | Graph client | pulumi up | longest line |",
    "|---|---|---|---|---|---|",
    ...rows.map((row) => `| ${row} |`),
    "",
    `Of the 1 MiB answers, the slowest failing \`up\` took ${seconds(slowest.up.maxMs)} (${slowest.answer}); the ` +
      `median \`up\` took ${baselines.join(" and ")}.`,
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: "string" }, out: { type: "string" } } });
  const runs = Number(values.runs ?? 3);
  const outputDir = path.resolve(values.out ?? __dirname);
  const removeCertificateAuthority = await setUpEmulatorCertificateAuthority();
  try {
    const machine = describeMachine();
    const loadBefore = loadAverage().join(", ");
    const tenant = await startEmulatorTenant();
    let report: HostileErrorBodyReport;
    try {
      report = await measureHostileErrorBodies(tenant, runs, (line) => process.stderr.write(`[bench] ${line}\n`));
    } finally {
      await tenant.emulator.close();
    }
    const text = render(report, {
      machine: `${machine.cores} cores (${machine.cpuModel}), Node ${machine.node}, ${machine.pulumi.split("\n")[0] ?? ""}`,
      loadBefore,
      loadAfter: loadAverage().join(", "),
      date: new Date().toISOString().slice(0, 10),
    });
    const leaks = findLeaks({ "HOSTILE-ERROR-BODY.md": text }, [tenant.clientSecret]);
    if (leaks.length > 0) throw new Error(`refusing to write the report: ${leaks.join("; ")}`);
    writeFileSync(path.join(outputDir, "HOSTILE-ERROR-BODY.md"), text);
    process.stdout.write(text);
  } finally {
    await removeCertificateAuthority();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
  process.exit(1);
});
