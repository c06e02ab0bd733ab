import type { ThrottleSettings } from "../../test/emulator";
import { RESOURCE_TYPE } from "../subjects/declarations";
import type { Fleet, SubjectName } from "../subjects/fleet";
import { BenchStack, type EngineOperationKind, type TimedOperation } from "./benchStack";
import type { BenchTenant, TrafficObservation } from "./benchTenant";

/** One engine operation on one fleet: how long it took, what the engine and the emulator saw, what it left. */
export interface OperationSample {
  readonly subject: SubjectName;
  readonly kind: EngineOperationKind;
  /** Resources the program declared. */
  readonly size: number;
  /** When the operation started (epoch ms), to place the emulator's log entries in it. */
  readonly startedAt: number;
  /** Wall-clock milliseconds of the Automation API call. */
  readonly ms: number;
  /** Whether the operation failed (only ever recorded when the caller tolerates failures). */
  readonly failed: boolean;
  /** The engine's change counts; empty when the operation failed. */
  readonly changes: Readonly<Record<string, number>>;
  /** The emulator's view of the operation. */
  readonly traffic: TrafficObservation;
  /** Resources of the subject's type in the checkpoint afterwards. */
  readonly resourcesInState: number;
  /** Declared service principals that hold the declared values afterwards. */
  readonly principalsWritten: number;
  /** The fleet's service principals that hold neither key afterwards. */
  readonly principalsCleared: number;
}

/** Options of one {@link FleetStack.run}. */
export interface RunOptions {
  /** The emulator's write bucket during the operation; default none. */
  readonly throttle?: ThrottleSettings | null;
  /** Record a failed operation as a sample instead of throwing. */
  readonly tolerateFailure?: boolean;
}

/**
 * A fleet's stack: runs engine operations on it with the emulator's traffic counted from zero, and samples what
 * each one left, so every figure the benchmark reports can be checked against what really happened.
 */
export class FleetStack {
  private constructor(
    readonly fleet: Fleet,
    readonly stack: BenchStack,
    private readonly tenant: BenchTenant,
  ) {}

  /**
   * Creates the fleet's stack on a backend of its own.
   *
   * @param environment - more environment for the CLI and the provider process, e.g. `NODE_OPTIONS` to profile it
   */
  static async create(tenant: BenchTenant, fleet: Fleet, environment: Readonly<Record<string, string>> = {}): Promise<FleetStack> {
    const stack = await BenchStack.create({
      program: fleet.program,
      config: tenant.config,
      projectName: `bench-${fleet.subject}`,
      env: { ...tenant.stackEnvironment, ...environment },
    });
    return new FleetStack(fleet, stack, tenant);
  }

  /** Runs one operation and samples it. */
  async run(kind: EngineOperationKind, options: RunOptions = {}): Promise<OperationSample> {
    this.tenant.resetTraffic(options.throttle ?? null);
    const startedAt = Date.now();
    const started = performance.now();
    let timed: TimedOperation | undefined;
    try {
      timed = await this.operate(kind);
    } catch (error) {
      if (options.tolerateFailure !== true) {
        throw error;
      }
    }
    const ms = timed?.ms ?? performance.now() - started;
    const traffic = this.tenant.observeTraffic();
    this.tenant.resetTraffic();
    const stored = (id: string) => this.tenant.emulator.storedSecrets(id);
    return {
      subject: this.fleet.subject,
      kind,
      size: this.fleet.size,
      startedAt,
      ms,
      failed: timed === undefined,
      changes: timed?.changes ?? {},
      traffic,
      resourcesInState: this.stack.resources().filter((resource) => resource.type === RESOURCE_TYPE[this.fleet.subject]).length,
      principalsWritten: this.fleet.countWritten(stored),
      principalsCleared: this.fleet.countCleared(stored),
    };
  }

  /** Removes the stack and its backend. */
  async dispose(): Promise<void> {
    await this.stack.dispose();
  }

  private operate(kind: EngineOperationKind): Promise<TimedOperation> {
    switch (kind) {
      case "preview":
        return this.stack.preview();
      case "up":
        return this.stack.up();
      case "refresh":
        return this.stack.refresh();
      case "destroy":
        return this.stack.destroy();
    }
  }
}
