import type { OperationOutcome } from "./operationOutcome";

/** One Pulumi CLI command a test ran, and everything it left: what the tests assert on and the leak scans read. */
export interface CliCommandRecord {
  /** The arguments after `pulumi`, as run (a secret config value goes on stdin, never here). */
  readonly args: readonly string[];
  /** The exit code; null when a signal ended the CLI. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The `-v=9 --logflow` log files the command wrote (file name -> text). */
  readonly verboseLogs: Readonly<Record<string, string>>;
  /** Every file of the stack's backend afterwards (path in the backend -> text): the state, its history and backups. */
  readonly backendFiles: Readonly<Record<string, string>>;
  /** The stack's config file (`Pulumi.<stack>.yaml`) afterwards; empty before `stack init`. */
  readonly stackConfigFile: string;
  /** What an engine operation did; undefined for other commands. */
  readonly outcome?: OperationOutcome;
  /** Wall-clock milliseconds. */
  readonly ms: number;
}
