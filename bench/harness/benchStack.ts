import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type ConfigMap, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";
import { REPO_ROOT, pulumiBinDir } from "../../test/engine/harness/toolchain";

/** The engine operations a benchmark times. */
export type EngineOperationKind = "preview" | "up" | "refresh" | "destroy";

/** One timed engine operation: the wall-clock time of the whole Automation API call and the engine's summary. */
export interface TimedOperation {
  readonly kind: EngineOperationKind;
  /** Milliseconds from the call to its result, the CLI process and the program included. */
  readonly ms: number;
  /** The engine's resource change counts (`{ create: 50, same: 1 }`); the stack itself is one of them. */
  readonly changes: Readonly<Record<string, number>>;
}

/** One resource as the checkpoint stores it. */
export interface CheckpointResource {
  readonly urn: string;
  readonly type: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
}

/** Options of {@link BenchStack.create}. */
export interface BenchStackOptions {
  /** The inline program: runs in this process on every operation. */
  readonly program: PulumiFn;
  /** Stack configuration. */
  readonly config: ConfigMap;
  /** Project name, which is also the stack's folder in the backend. */
  readonly projectName: string;
  /** Extra environment for the CLI and the provider process it starts. */
  readonly env?: Readonly<Record<string, string>>;
}

const STACK_NAME = "bench";
const PASSPHRASE = "graphsync benchmark";

/**
 * One stack on a local file backend in its own temporary directory, driven through the Automation API with the real
 * CLI. Unlike the engine tests' stack it subscribes to no engine events and records no output: what the benchmark
 * times is the operation as a user's Automation API call runs it, with nothing of ours on top.
 */
export class BenchStack {
  private constructor(
    private readonly stack: Stack,
    private readonly backendDir: string,
    private readonly projectName: string,
  ) {}

  /** Creates the stack, its backend and its configuration. */
  static async create(options: BenchStackOptions): Promise<BenchStack> {
    const backendDir = mkdtempSync(path.join(os.tmpdir(), "graphsync-bench-"));
    const pulumiCommand = await PulumiCommand.get({ root: path.dirname(pulumiBinDir()) });
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: STACK_NAME, projectName: options.projectName, program: options.program },
      {
        pulumiCommand,
        // The provider process resolves @pulumi/pulumi and the installed pulumi-graph-sync from the repository root,
        // as a user's project resolves them from its own.
        projectSettings: { name: options.projectName, runtime: "nodejs", main: REPO_ROOT, backend: { url: `file://${backendDir}` } },
        secretsProvider: "passphrase",
        envVars: {
          PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
          PULUMI_BACKEND_URL: `file://${backendDir}`,
          PULUMI_SKIP_UPDATE_CHECK: "true",
          PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
          ...options.env,
        },
      },
    );
    await stack.setAllConfig(options.config);
    return new BenchStack(stack, backendDir, options.projectName);
  }

  /** `pulumi preview`, timed. */
  async preview(): Promise<TimedOperation> {
    const started = performance.now();
    const result = await this.stack.preview();
    return { kind: "preview", ms: performance.now() - started, changes: { ...result.changeSummary } };
  }

  /** `pulumi up`, timed. */
  async up(): Promise<TimedOperation> {
    const started = performance.now();
    const result = await this.stack.up();
    return { kind: "up", ms: performance.now() - started, changes: { ...result.summary.resourceChanges } };
  }

  /** `pulumi refresh`, timed. */
  async refresh(): Promise<TimedOperation> {
    const started = performance.now();
    const result = await this.stack.refresh();
    return { kind: "refresh", ms: performance.now() - started, changes: { ...result.summary.resourceChanges } };
  }

  /** `pulumi destroy`, timed. */
  async destroy(): Promise<TimedOperation> {
    const started = performance.now();
    const result = await this.stack.destroy();
    return { kind: "destroy", ms: performance.now() - started, changes: { ...result.summary.resourceChanges } };
  }

  /** The checkpoint file's size in bytes, as the backend wrote it. */
  stateFileBytes(): number {
    return statSync(this.stateFilePath()).size;
  }

  /** The resources of the current state. */
  resources(): CheckpointResource[] {
    const checkpoint = JSON.parse(readFileSync(this.stateFilePath(), "utf8")) as {
      checkpoint: { latest?: { resources?: CheckpointResource[] } };
    };
    return checkpoint.checkpoint.latest?.resources ?? [];
  }

  /** Removes the stack, its backend and the workspace's temporary directory. */
  async dispose(): Promise<void> {
    const workDir = this.stack.workspace.workDir;
    try {
      await this.stack.workspace.removeStack(this.stack.name, { force: true });
    } finally {
      rmSync(this.backendDir, { recursive: true, force: true });
      if (workDir.startsWith(os.tmpdir())) {
        rmSync(workDir, { recursive: true, force: true });
      }
    }
  }

  private stateFilePath(): string {
    return path.join(this.backendDir, ".pulumi", "stacks", this.projectName, `${STACK_NAME}.json`);
  }
}
