/**
 * `npm run test:live`: the live-tenant acceptance check. Configured by environment variables (`--help` lists them);
 * prints, for each open question about Graph, what the tenant did and which emulator reading matches it.
 */
import { runLiveCheck, LiveCheckRefusal } from "./liveCheck";
import { LIVE_VARIABLES, LiveCheckSetupError, liveOptionsFromEnvironment } from "./liveOptions";
import { formatReport } from "./liveReport";

async function main(): Promise<number> {
  if (process.argv.includes("--help")) {
    process.stdout.write(`${Object.entries(LIVE_VARIABLES).map(([name, meaning]) => `${name}\n    ${meaning}`).join("\n")}\n`);
    return 0;
  }
  try {
    const report = await runLiveCheck(liveOptionsFromEnvironment(process.env), (line) => process.stderr.write(`live check: ${line}\n`));
    process.stdout.write(`${formatReport(report)}\n`);
    return report.restored.left.length > 0 ? 2 : 0;
  } catch (error) {
    const known = error instanceof LiveCheckSetupError || error instanceof LiveCheckRefusal;
    process.stderr.write(`live check: ${known ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : "failed"}\n`);
    return 1;
  }
}

void main().then((code) => {
  process.exitCode = code;
});
