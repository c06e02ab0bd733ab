import type { CliCommandRecord } from "./cliCommandRecord";

/** A Pulumi CLI command that exited other than the test expected; carries everything it printed, for assertions. */
export class CliCommandError extends Error {
  override readonly name = "CliCommandError";

  constructor(readonly record: CliCommandRecord) {
    const tail = `${record.stdout}\n${record.stderr}`.trim().slice(-4000);
    super(`pulumi ${record.args.join(" ")} exited with ${record.exitCode ?? record.signal}:\n${tail}`);
  }
}
