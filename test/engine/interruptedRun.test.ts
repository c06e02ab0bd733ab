import { randomUUID } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliProcess, type CliExit } from "./harness/cliProcess";
import { startEmulatorTenant, type EmulatorTenant } from "./harness/emulatorTenant";
import { EngineOperationError, EngineStack, type OperationRecord } from "./harness/engineStack";
import { findLeaks } from "./harness/leakScan";
import { installedPackage } from "./harness/toolchain";

// Issue #6: kill the Pulumi CLI (SIGKILL) in the middle of an `up` of many resources, recover as Pulumi documents
// for a local backend, and the next `up` converges with no declared key missing on any principal.
//
// Pulumi's recovery, "Recovering from an interrupted update"
// (https://www.pulumi.com/docs/iac/troubleshooting/common-issues/interrupted-updates/): first `pulumi cancel`, then
// `pulumi refresh` to clear the pending operations. The same page quotes the CLI: "pulumi refresh will need to be run
// interactively to clear pending CREATE operations"; `pulumi refresh --clear-pending-creates` (CLI reference) is the
// non-interactive answer to that prompt. On a file backend the killed CLI leaves its lock file, and the next command
// says "the stack is currently locked ... delete the lock file with `pulumi cancel`" (pulumi/pulumi
// pkg/backend/diy/lock.go).
//
// Clearing, not importing, the pending creates is right for this resource: its create is one PUT that upserts the
// declared keys, so creating again is the same write whether or not the interrupted PUT reached Graph.

const { SynchronizationSecrets } = installedPackage();

const RESOURCE_TYPE = "pulumi-nodejs:dynamic/graphsync:SynchronizationSecrets";
const PRINCIPAL_COUNT = 30;
// The killed run gets 8 parallel steps and 7 principals whose PUT never answers: the 8th slot keeps moving through
// the other principals, so the run is still going, with writes done and writes in flight, when it is killed.
const PARALLEL = 8;
const HUNG = [2, 3, 4, 5, 6, 7, 8];
// The kill point: every HUNG PUT has reached the emulator and at least this many other PUTs were answered.
const ANSWERED_AT_KILL = 8;
const KILL_POINT_TIMEOUT_MS = 120_000;

interface Principal {
  name: string;
  id: string;
  declared: { BaseAddress: string; SecretToken: string };
}

let tenant: EmulatorTenant;
let engine: EngineStack;
let killedRun: CliProcess | undefined;
const principals: Principal[] = [];
/** Names of the resources the state records as created, after the recovery's refresh. */
let createdBeforeRecovery: string[] = [];
/** Every text an operation printed or stored, for the leak scan. */
const transcripts: Record<string, string> = {};

const program = async () => {
  for (const principal of principals) {
    new SynchronizationSecrets(principal.name, { servicePrincipalId: principal.id, credentials: principal.declared });
  }
  return {};
};

interface Checkpoint {
  resources: Array<{ urn: string; type: string }>;
  pendingOperations: Array<{ type: string; urn: string }>;
}

/** The state file as the backend holds it, read directly (no CLI, so no lock is involved). */
function checkpoint(): Checkpoint {
  const file = JSON.parse(engine.stateFileText()) as {
    checkpoint: {
      latest?: {
        resources?: Array<{ urn: string; type: string }>;
        pending_operations?: Array<{ type: string; resource: { urn: string } }>;
      };
    };
  };
  const latest = file.checkpoint.latest ?? {};
  return {
    resources: latest.resources ?? [],
    pendingOperations: (latest.pending_operations ?? []).map((op) => ({ type: op.type, urn: op.resource.urn })),
  };
}

function nameOf(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

function ourResourceNames(): string[] {
  return checkpoint()
    .resources.filter((r) => r.type === RESOURCE_TYPE)
    .map((r) => nameOf(r.urn))
    .sort();
}

function putsAnswered(): number {
  return tenant.emulator.counters().graphRequests["PUT 204"] ?? 0;
}

function lockFiles(): string[] {
  const dir = path.join(engine.backendDir, ".pulumi", "locks");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".json")) // not the blob store's ".json.attrs"
    .map((entry) => entry.name);
}

function keep(label: string, record: OperationRecord): OperationRecord {
  transcripts[`${label} stdout`] = record.stdout;
  transcripts[`${label} stderr`] = record.stderr;
  return record;
}

/** Waits for the kill point (see ANSWERED_AT_KILL); fails loudly if the CLI ends first or never gets there. */
async function waitForKillPoint(cli: CliProcess): Promise<void> {
  let exit: CliExit | undefined;
  void cli.exited.then((e) => (exit = e));
  const deadline = Date.now() + KILL_POINT_TIMEOUT_MS;
  while (tenant.emulator.pendingFaults().length > 0 || putsAnswered() < ANSWERED_AT_KILL) {
    if (exit) throw new Error(`the CLI ended before the kill point (${JSON.stringify(exit)}):\n${cli.stdout}\n${cli.stderr}`);
    if (Date.now() > deadline) throw new Error(`the up never reached the kill point:\n${cli.stdout}\n${cli.stderr}`);
    await sleep(20);
  }
}

beforeAll(async () => {
  tenant = await startEmulatorTenant();
  for (let i = 0; i < PRINCIPAL_COUNT; i++) {
    principals.push({
      name: `scim-${i}`,
      id: tenant.newServicePrincipal(),
      declared: { BaseAddress: `https://scim.interrupted.example/${i}`, SecretToken: `scim-token-${i}-${randomUUID()}` },
    });
  }
  engine = await EngineStack.create({ program, config: tenant.config, projectName: "graphsync-interrupted" });
});

afterAll(async () => {
  await killedRun?.dispose();
  if (engine && lockFiles().length > 0) {
    // Only after a failure before the cancel step: without it the stack cannot be removed.
    await engine.stack.cancel();
  }
  await engine?.dispose();
  await tenant?.emulator.close();
});

describe("An interrupted run loses nothing", () => {
  it("kills the CLI mid-up: some principals hold every key, the rest none, and the state records pending creates", async () => {
    for (const index of HUNG) {
      const principal = principals[index];
      if (!principal) throw new Error(`no principal #${index}`);
      tenant.emulator.injectFault({ kind: "hang", method: "PUT", pathIncludes: principal.id });
    }
    // Latency slows the free slot down, so the kill most likely finds principals not yet started as well.
    tenant.emulator.setLatency(250);
    killedRun = await CliProcess.start({
      stack: engine.stack,
      program,
      args: ["up", "--yes", "--skip-preview", "--parallel", String(PARALLEL)],
    });
    await waitForKillPoint(killedRun);

    const exit = await killedRun.kill();
    expect(exit).toEqual({ code: null, signal: "SIGKILL" });
    // Pulumi starts the dynamic provider in a process group of its own, so it outlives a SIGKILLed CLI; left alone,
    // its Graph client would retry the hung PUTs after the 30 s attempt timeout and land the interrupted run's
    // values later. Ours notices the engine is gone (its address refuses connections) and exits by itself.
    const endedByItself = await eventually(() => killedRun!.sessionProcesses().length === 0, 15_000);
    await killedRun.killLeftovers(); // cleanup only, should the expectation below fail
    expect(endedByItself).toBe(true);
    tenant.emulator.setLatency(0);
    transcripts["killed up stdout"] = killedRun.stdout;
    transcripts["killed up stderr"] = killedRun.stderr;

    const answered = putsAnswered();
    expect(answered).toBeGreaterThanOrEqual(ANSWERED_AT_KILL);
    expect(answered).toBeLessThanOrEqual(PRINCIPAL_COUNT - HUNG.length);

    // One PUT per principal, all-or-nothing: each principal holds every declared key or none of them.
    const holding = principals.filter((p) => Object.keys(tenant.emulator.storedSecrets(p.id) ?? {}).length > 0);
    for (const principal of holding) {
      expect(tenant.emulator.storedSecrets(principal.id)).toEqual(principal.declared);
    }
    expect(holding).toHaveLength(answered);
    for (const index of HUNG) {
      expect(tenant.emulator.storedSecrets(principals[index]?.id ?? "")).toEqual({});
    }

    // The state never claims a write that did not land, and the writes in flight are pending creates.
    const state = checkpoint();
    const holdingNames = holding.map((p) => p.name);
    expect(holdingNames).toEqual(expect.arrayContaining(ourResourceNames()));
    expect(state.pendingOperations.length).toBeGreaterThanOrEqual(HUNG.length);
    expect(new Set(state.pendingOperations.map((op) => op.type))).toEqual(new Set(["creating"]));
    expect(state.pendingOperations.map((op) => nameOf(op.urn))).toEqual(
      expect.arrayContaining(HUNG.map((index) => `scim-${index}`)),
    );
    transcripts["state after the kill"] = engine.stateFileText();
  });

  it("leaves the stack locked until pulumi cancel, as the next command says", async () => {
    expect(lockFiles()).toHaveLength(1);
    const locked = await engine.refresh().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(locked).toBeInstanceOf(EngineOperationError);
    const message = (locked as EngineOperationError).message;
    expect(message).toContain("the stack is currently locked by 1 lock(s)");
    expect(message).toContain("`pulumi cancel`");
    transcripts["locked refresh"] = message;

    await engine.stack.cancel();
    expect(lockFiles()).toEqual([]);
  });

  it("drops the pending creates with refresh --clear-pending-creates and keeps what was created", async () => {
    const before = ourResourceNames();
    tenant.emulator.reset(); // counters from here on count the recovery alone
    let stdout = "";
    await engine.stack.refresh({ clearPendingCreates: true, onOutput: (s) => (stdout += s) });
    transcripts["refresh --clear-pending-creates stdout"] = stdout;

    expect(checkpoint().pendingOperations).toEqual([]);
    createdBeforeRecovery = ourResourceNames();
    expect(createdBeforeRecovery).toEqual(before);
    // The refresh read each recorded principal once and found it as declared.
    expect(tenant.emulator.counters().graphRequests).toEqual({ "GET 200": createdBeforeRecovery.length });
    expect(stdout).not.toContain("missing on service principal");
    expect(stdout).not.toContain("changed outside Pulumi");
  });

  it("converges with the next up: every principal holds every declared key, with one PUT per missing principal", async () => {
    const up = keep("recovery up", await engine.up());
    const missing = PRINCIPAL_COUNT - createdBeforeRecovery.length;
    expect(up.changes).toEqual({ create: missing, same: createdBeforeRecovery.length + 1 });
    expect(tenant.emulator.counters().graphRequests["PUT 204"]).toBe(missing);

    for (const principal of principals) {
      expect(tenant.emulator.storedSecrets(principal.id)).toEqual(principal.declared);
    }
    expect(ourResourceNames()).toEqual(principals.map((p) => p.name).sort());
    expect(checkpoint().pendingOperations).toEqual([]);
  });

  it("previews no change afterwards", async () => {
    const preview = keep("preview", await engine.preview());
    expect(preview.changes).toEqual({ same: PRINCIPAL_COUNT + 1 });
  });

  it("destroys everything: no key left on any principal and an empty state", async () => {
    const destroy = keep("destroy", await engine.destroy());
    expect(destroy.changes).toEqual({ delete: PRINCIPAL_COUNT + 1 });
    for (const principal of principals) {
      expect(tenant.emulator.storedSecrets(principal.id)).toEqual({});
    }
    expect(checkpoint().resources).toEqual([]);
    expect(lockFiles()).toEqual([]);
  });

  it("leaves nothing of the killed run running", () => {
    expect(killedRun?.sessionProcesses()).toEqual([]);
  });

  it("never shows a credential value in any output or in state", () => {
    const values = [tenant.clientSecret, ...principals.map((p) => p.declared.SecretToken)];
    transcripts["final state"] = engine.stateFileText();
    expect(Object.keys(transcripts).length).toBeGreaterThanOrEqual(9);
    expect(findLeaks(transcripts, values)).toEqual([]);
  });
});

/** Polls `condition` every 100 ms until it holds (true) or `timeoutMs` passes (false). */
async function eventually(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}
