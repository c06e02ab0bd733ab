import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  LocalWorkspace,
  PulumiCommand,
  type ConfigMap,
  type EngineEvent,
  type PulumiFn,
  type Stack,
} from "@pulumi/pulumi/automation";
import { REPO_ROOT, pulumiBinDir } from "./toolchain";

/** The passphrase of the test stacks' secrets provider. */
export const TEST_PASSPHRASE = "graphsync engine tests";

/** What one engine operation left behind: everything a test may assert on, or scan for leaked values. */
export interface OperationRecord {
  kind: "preview" | "up" | "refresh" | "destroy";
  stdout: string;
  stderr: string;
  events: EngineEvent[];
  /** Resource operations the engine planned or performed, by URN suffix (`name`) -> op ("create", "same", ...). */
  steps: Array<{ op: string; name: string; type: string; diffs: string[]; replaces: string[] }>;
  /** The summary event's counts, e.g. `{ create: 1 }`. */
  changes: Record<string, number>;
  /** Diagnostics the engine reported (severity and message). */
  diagnostics: Array<{ severity: string; message: string }>;
  /**
   * Every file of the backend once the operation ended, failed ones included (path in the backend -> text): the
   * checkpoint, its `.bak`, the history and the backups, as the leak scans must read them after every step.
   */
  backendFiles: Record<string, string>;
}

/** Options of {@link EngineStack.create}. */
export interface EngineStackOptions {
  /** The program, run in this process (an Automation API inline program). */
  program: PulumiFn;
  /** Stack configuration; values marked `secret` are encrypted in the stack file. */
  config?: ConfigMap;
  /** Extra environment for the CLI and the provider process it starts. */
  env?: Record<string, string>;
  /** Project name; default `graphsync-engine-test`. */
  projectName?: string;
}

/**
 * One Pulumi stack on a local file backend in a temporary directory, driven through the Automation API with the
 * real CLI. Every operation records its output and engine events; {@link EngineStack.dispose} removes it all.
 */
export class EngineStack {
  private readonly records: OperationRecord[] = [];

  private constructor(
    readonly stack: Stack,
    readonly backendDir: string,
  ) {}

  /** Creates the stack (and its temporary backend). */
  static async create(options: EngineStackOptions): Promise<EngineStack> {
    const backendDir = mkdtempSync(path.join(os.tmpdir(), "graphsync-engine-"));
    const pulumiCommand = await PulumiCommand.get({ root: path.dirname(pulumiBinDir()) });
    const projectName = options.projectName ?? "graphsync-engine-test";
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "test", projectName, program: options.program },
      {
        pulumiCommand,
        // The provider process starts in `main`: the repository root resolves @pulumi/pulumi and the installed
        // pulumi-graph-sync from node_modules exactly as a user's project would.
        projectSettings: { name: projectName, runtime: "nodejs", main: REPO_ROOT, backend: { url: `file://${backendDir}` } },
        secretsProvider: "passphrase",
        envVars: {
          PULUMI_CONFIG_PASSPHRASE: TEST_PASSPHRASE,
          PULUMI_BACKEND_URL: `file://${backendDir}`,
          PULUMI_SKIP_UPDATE_CHECK: "true",
          PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
          ...options.env,
        },
      },
    );
    if (options.config) {
      await stack.setAllConfig(options.config);
    }
    return new EngineStack(stack, backendDir);
  }

  /** Every operation run so far, oldest first. */
  get history(): readonly OperationRecord[] {
    return this.records;
  }

  /** `pulumi preview`. */
  async preview(options: { diff?: boolean; refresh?: boolean } = {}): Promise<OperationRecord> {
    return this.record("preview", (hooks) => this.stack.preview({ ...hooks, diff: options.diff, refresh: options.refresh }));
  }

  /** `pulumi up`; `verbose` adds `-v=9 --logflow --logtostderr` (the CLI's most detailed logs, on stderr). */
  async up(options: { diff?: boolean; verbose?: boolean } = {}): Promise<OperationRecord> {
    const verbose = options.verbose ? { logVerbosity: 9, logFlow: true, logToStdErr: true } : {};
    return this.record("up", (hooks) => this.stack.up({ ...hooks, ...verbose, diff: options.diff }));
  }

  /** `pulumi refresh`. */
  async refresh(): Promise<OperationRecord> {
    return this.record("refresh", (hooks) => this.stack.refresh(hooks));
  }

  /** `pulumi destroy`. */
  async destroy(): Promise<OperationRecord> {
    return this.record("destroy", (hooks) => this.stack.destroy(hooks));
  }

  /** The stack's state as the backend stores it (the checkpoint file, secrets encrypted). */
  stateFileText(): string {
    return readFileSync(findStackFile(this.backendDir), "utf8");
  }

  /** The resources in the current state (the checkpoint's `deployment.resources`). */
  resources(): Array<{ urn: string; type: string; id?: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }> {
    const checkpoint = JSON.parse(this.stateFileText()) as {
      checkpoint: { latest?: { resources?: Array<{ urn: string; type: string; id?: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }> } };
    };
    return (checkpoint.checkpoint.latest?.resources ?? []).map((r) => ({ ...r, inputs: r.inputs ?? {}, outputs: r.outputs ?? {} }));
  }

  /** Removes the stack and its backend. */
  async dispose(): Promise<void> {
    try {
      await this.stack.workspace.removeStack(this.stack.name, { force: true });
    } finally {
      rmSync(this.backendDir, { recursive: true, force: true });
    }
  }

  private async record(
    kind: OperationRecord["kind"],
    run: (hooks: { onOutput: (s: string) => void; onError: (s: string) => void; onEvent: (e: EngineEvent) => void }) => Promise<unknown>,
  ): Promise<OperationRecord> {
    const record: OperationRecord = { kind, stdout: "", stderr: "", events: [], steps: [], changes: {}, diagnostics: [], backendFiles: {} };
    this.records.push(record);
    const hooks = {
      onOutput: (s: string) => {
        record.stdout += s;
      },
      onError: (s: string) => {
        record.stderr += s;
      },
      onEvent: (event: EngineEvent) => {
        record.events.push(event);
        const meta = event.resourcePreEvent?.metadata;
        if (meta) {
          record.steps.push({
            op: meta.op,
            name: meta.urn.split("::").pop() ?? meta.urn,
            type: meta.type,
            diffs: meta.diffs ?? [],
            replaces: meta.keys ?? [],
          });
        }
        if (event.summaryEvent) {
          record.changes = { ...(event.summaryEvent.resourceChanges as Record<string, number>) };
        }
        if (event.diagnosticEvent) {
          record.diagnostics.push({ severity: event.diagnosticEvent.severity, message: event.diagnosticEvent.message });
        }
      },
    };
    try {
      await run(hooks);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new EngineOperationError(kind, message, record);
    } finally {
      record.backendFiles = readTree(this.backendDir, this.backendDir);
    }
    return record;
  }
}

/** Every file under `dir`, by its path relative to `root`. */
function readTree(dir: string, root: string): Record<string, string> {
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

/** An engine operation that failed; carries what it printed, for assertions. */
export class EngineOperationError extends Error {
  override readonly name = "EngineOperationError";
  constructor(
    readonly kind: OperationRecord["kind"],
    message: string,
    readonly record: OperationRecord,
  ) {
    super(`pulumi ${kind} failed: ${message}`);
  }
}

function findStackFile(dir: string): string {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      const found = tryFind(full);
      if (found) return found;
    }
  }
  throw new Error(`no stack checkpoint under ${dir}`);
}

function tryFind(dir: string): string | undefined {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (entry === "backups" || entry === "history" || entry === "locks") continue;
      const found = tryFind(full);
      if (found) return found;
    } else if (entry.endsWith(".json") && path.basename(path.dirname(full)) !== "workspaces" && dir.includes(`${path.sep}stacks`)) {
      return full;
    }
  }
  return undefined;
}
