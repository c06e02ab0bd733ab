import type { CliStack } from "./cliStack";

/**
 * Every text a stack's commands left, by place: for each command its stdout (the `--json` output, or the display),
 * its stderr, its `-v=9 --logflow` logs, every backend file after it (checkpoint, history, backups) and the stack's
 * config file after it; and, when given, the CLI's decrypted automatic logs. For `findLeaks`.
 */
export function cliLeakPlaces(stack: CliStack, automaticLogs: Readonly<Record<string, string>> = {}): Record<string, string> {
  const places: Record<string, string> = {};
  stack.records.forEach((record, index) => {
    // The command as the test gave it, without the flags the harness adds to every command.
    const given = record.args.slice(0, Math.max(0, record.args.indexOf("--non-interactive")));
    const command = `#${index} pulumi ${given.join(" ")}`;
    places[`${command}: stdout`] = record.stdout;
    places[`${command}: stderr`] = record.stderr;
    for (const [name, text] of Object.entries(record.verboseLogs)) {
      places[`${command}: -v=9 log ${name}`] = text;
    }
    for (const [name, text] of Object.entries(record.backendFiles)) {
      places[`${command}: backend file ${name}`] = text;
    }
    places[`${command}: Pulumi.${stack.stackName}.yaml`] = record.stackConfigFile;
  });
  for (const [name, text] of Object.entries(automaticLogs)) {
    places[`automatic log ${name}`] = text;
  }
  return places;
}
