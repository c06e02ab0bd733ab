import { spawn } from "node:child_process";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { credentialFreeEnvironment, GUARD_ENVIRONMENT } from "../../fixtures/authEnvironment";
import { languageHost, pulumiBinDir } from "../toolchain";
import { CliCommandError } from "./cliCommandError";
import type { CliCommandRecord } from "./cliCommandRecord";
import { outcomeOfJson, outcomeOfText, resourceCount, STACK_TYPE, type OperationKind, type OperationOutcome } from "./operationOutcome";
import { ProgramDeclaresNothingError } from "./programDeclaresNothingError";
import type { ProjectFolder } from "./projectFolder";

/** The passphrase of the test stacks' secrets provider. */
export const CLI_TEST_PASSPHRASE = "graphsync cli tests";

/** Options of {@link CliStack.init}. */
export interface CliStackOptions {
  /** The project folder the CLI runs in. */
  readonly project: ProjectFolder;
  /** The stack name; default `dev`, as the READMEs' `pulumi stack init dev`. */
  readonly stackName?: string;
  /** More environment for the CLI and the processes it starts (the program, the dynamic provider). */
  readonly env?: Readonly<Record<string, string>>;
  /** How long one command may run before it is killed; default 4 minutes. */
  readonly commandTimeoutMs?: number;
}

/** Options of one engine operation. */
export interface OperationOptions {
  /** Flags after the command, e.g. `["--diff"]` or `["--expect-no-changes"]`. `--yes` is added where needed. */
  readonly flags?: readonly string[];
  /** `json` (default) adds `--json`; `text` keeps the display a user sees in a terminal. */
  readonly display?: "json" | "text";
  /** The test expects the command to fail: its record is returned, not thrown. */
  readonly expectFailure?: boolean;
}

/** A command's result once it has an engine outcome. */
export type OperationRecord = CliCommandRecord & { readonly outcome: OperationOutcome };

/** Options of {@link CliStack.run}. */
export interface RunOptions {
  /** Written to the CLI's stdin, then closed: how a secret config value is given without being an argument. */
  readonly stdin?: string;
  /** The test expects the command to fail: its record is returned, not thrown. */
  readonly expectFailure?: boolean;
}

/**
 * One stack of a project folder, driven with the plain `pulumi` CLI and the Node.js language host as a user drives
 * it, on a local file backend of its own. Every command runs with `-v=9 --logflow` and is recorded with its stdout,
 * stderr, `--json` output, verbose log, and every file of the backend afterwards (the checkpoint, its history and its
 * backups), so a test can assert on any of it and scan all of it for leaked values ({@link cliLeakPlaces}).
 *
 * `pulumi preview` and `pulumi up` fail with {@link ProgramDeclaresNothingError} when the program registered nothing
 * but the Stack.
 */
export class CliStack {
  private readonly recorded: CliCommandRecord[] = [];

  private constructor(
    readonly project: ProjectFolder,
    readonly stackName: string,
    /** Holds the backend, PULUMI_HOME and the CLI's temporary directory (where its verbose logs go). */
    readonly workDir: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly commandTimeoutMs: number,
  ) {}

  /** Creates the backend and runs `pulumi stack init <name>`. */
  static async init(options: CliStackOptions): Promise<CliStack> {
    languageHost();
    const workDir = mkdtempSync(path.join(os.tmpdir(), "graphsync-cli-"));
    for (const dir of ["backend", "home", "tmp"]) {
      mkdirSync(path.join(workDir, dir));
    }
    const binDir = pulumiBinDir();
    const env: NodeJS.ProcessEnv = {
      ...credentialFreeEnvironment(process.env),
      ...GUARD_ENVIRONMENT,
      PATH: `${binDir}${path.delimiter}${process.env["PATH"] ?? ""}`,
      PULUMI_BACKEND_URL: `file://${path.join(workDir, "backend")}`,
      PULUMI_HOME: path.join(workDir, "home"),
      PULUMI_CONFIG_PASSPHRASE: CLI_TEST_PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      // The CLI's glog files (-v) go to the temporary directory; one of the stack's own keeps them apart.
      TMPDIR: path.join(workDir, "tmp"),
      ...options.env,
    };
    const stack = new CliStack(options.project, options.stackName ?? "dev", workDir, env, options.commandTimeoutMs ?? 240_000);
    await stack.run(["stack", "init", stack.stackName]);
    return stack;
  }

  /** Every command run so far, `stack init` first. */
  get records(): readonly CliCommandRecord[] {
    return this.recorded;
  }

  /** The local backend's directory (`file://` URL target). */
  get backendDir(): string {
    return path.join(this.workDir, "backend");
  }

  /** `pulumi config set [--path] [--secret] <key> [value]`; a secret value goes on stdin, as a prompt would take it. */
  async configSet(key: string, value: string, options: { secret?: boolean; path?: boolean } = {}): Promise<CliCommandRecord> {
    const flags = [...(options.path ? ["--path"] : []), ...(options.secret ? ["--secret"] : [])];
    return options.secret
      ? this.run(["config", "set", ...flags, key], { stdin: value })
      : this.run(["config", "set", ...flags, key, value]);
  }

  /** One `pulumi config set` per entry, secrets as secrets: how a user types a tenant's settings into a stack. */
  async configSetAll(config: ConfigMap): Promise<void> {
    for (const [key, entry] of Object.entries(config)) {
      await this.configSet(key, entry.value, { secret: entry.secret === true });
    }
  }

  /** `pulumi preview`. */
  preview(options: OperationOptions = {}): Promise<OperationRecord> {
    return this.operate("preview", options);
  }

  /** `pulumi up --yes`. */
  up(options: OperationOptions = {}): Promise<OperationRecord> {
    return this.operate("up", options);
  }

  /** `pulumi refresh --yes`. */
  refresh(options: OperationOptions = {}): Promise<OperationRecord> {
    return this.operate("refresh", options);
  }

  /** `pulumi destroy --yes`. */
  destroy(options: OperationOptions = {}): Promise<OperationRecord> {
    return this.operate("destroy", options);
  }

  /** Runs an engine operation and reads what it did. */
  async operate(kind: OperationKind, options: OperationOptions = {}): Promise<OperationRecord> {
    const display = options.display ?? "json";
    const args = [kind, ...(kind === "preview" ? [] : ["--yes"]), ...(options.flags ?? []), ...(display === "json" ? ["--json"] : [])];
    const record = await this.run(args, { expectFailure: options.expectFailure });
    const outcome = display === "json" ? outcomeOfJson(kind, record.stdout) : outcomeOfText(kind, record.stdout);
    const withOutcome: OperationRecord = { ...record, outcome };
    this.recorded[this.recorded.length - 1] = withOutcome;
    // A program that registers nothing leaves the Stack as the only resource: never a test that passes.
    if (record.exitCode === 0 && (kind === "preview" || kind === "up") && resourceCount(outcome) <= 1) {
      throw new ProgramDeclaresNothingError(`pulumi ${args.join(" ")}`, this.project.dir);
    }
    return withOutcome;
  }

  /** Runs `pulumi <args>` in the project folder and records it; throws {@link CliCommandError} on an unexpected exit. */
  async run(args: readonly string[], options: RunOptions = {}): Promise<CliCommandRecord> {
    const tmp = path.join(this.workDir, "tmp");
    const logsBefore = new Set(readdirSync(tmp));
    const started = performance.now();
    const fullArgs = [...args, "--non-interactive", "--color", "never", "-v=9", "--logflow"];
    const exit = await this.spawnCli(fullArgs, options.stdin);
    const verboseLogs = Object.fromEntries(
      readdirSync(tmp)
        .filter((name) => !logsBefore.has(name) && /\.log\./.test(name))
        .map((name) => [name, readFileSync(path.join(tmp, name), "utf8")]),
    );
    const record: CliCommandRecord = {
      args: fullArgs,
      ...exit,
      verboseLogs,
      backendFiles: this.backendFiles(),
      stackConfigFile: this.stackConfigFileText(),
      ms: performance.now() - started,
    };
    this.recorded.push(record);
    const failed = record.exitCode !== 0;
    if (failed !== (options.expectFailure === true)) {
      throw new CliCommandError(record);
    }
    return record;
  }

  /** Every file of the backend now (path relative to the backend -> text). */
  backendFiles(): Record<string, string> {
    return readTree(this.backendDir, this.backendDir);
  }

  /** The stack's config file as the CLI wrote it (secret values encrypted), or "" before there is one. */
  stackConfigFileText(): string {
    const file = path.join(this.project.dir, `Pulumi.${this.stackName}.yaml`);
    return existsSync(file) ? readFileSync(file, "utf8") : "";
  }

  /** The resources of the current checkpoint, the Stack left out. */
  resources(): Array<{ urn: string; type: string; id?: string; outputs: Record<string, unknown> }> {
    const file = Object.entries(this.backendFiles()).find(([name]) => /^\.pulumi\/stacks\/.+\.json$/.test(name))?.[1];
    if (file === undefined) {
      return [];
    }
    const checkpoint = JSON.parse(file) as {
      checkpoint?: { latest?: { resources?: Array<{ urn: string; type: string; id?: string; outputs?: Record<string, unknown> }> } };
    };
    return (checkpoint.checkpoint?.latest?.resources ?? [])
      .filter((resource) => resource.type !== STACK_TYPE && !resource.type.startsWith("pulumi:providers:"))
      .map((resource) => ({ ...resource, outputs: resource.outputs ?? {} }));
  }

  /**
   * The CLI's automatic logs (PULUMI_HOME/logs, one per command, encrypted at rest), decrypted with
   * `pulumi logs decrypt` as a user sharing them with support would (file name -> text).
   */
  async automaticLogs(): Promise<Record<string, string>> {
    const dir = path.join(this.workDir, "home", "logs");
    const logs: Record<string, string> = {};
    for (const name of existsSync(dir) ? readdirSync(dir).sort() : []) {
      const exit = await this.spawnCli(["logs", "decrypt", path.join(dir, name), "--non-interactive"]);
      if (exit.exitCode !== 0) {
        throw new Error(`pulumi logs decrypt ${name} failed: ${exit.stderr}`);
      }
      logs[name] = exit.stdout;
    }
    return logs;
  }

  /** Removes the backend, PULUMI_HOME and the logs (the project folder is its owner's to remove). */
  dispose(): void {
    rmSync(this.workDir, { recursive: true, force: true });
  }

  private spawnCli(args: readonly string[], stdin?: string): Promise<Pick<CliCommandRecord, "exitCode" | "signal" | "stdout" | "stderr">> {
    return new Promise((resolve, reject) => {
      const child = spawn(path.join(pulumiBinDir(), "pulumi"), args, { cwd: this.project.dir, env: this.env, stdio: ["pipe", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      // Bounded: a CLI that hangs is killed (its dynamic provider exits once the engine is gone).
      const timer = setTimeout(() => child.kill("SIGKILL"), this.commandTimeoutMs);
      child.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once("close", (exitCode, signal) => {
        clearTimeout(timer);
        resolve({ exitCode, signal, stdout, stderr });
      });
      child.stdin.end(stdin ?? "");
    });
  }
}

function readTree(dir: string, root: string): Record<string, string> {
  if (!existsSync(dir)) {
    return {};
  }
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      Object.assign(files, readTree(full, root));
    } else {
      files[path.relative(root, full)] = readFileSync(full, "utf8");
    }
  }
  return files;
}
