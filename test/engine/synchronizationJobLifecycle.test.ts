import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliLeakPlaces } from "./harness/cli/cliLeakPlaces";
import { CliStack } from "./harness/cli/cliStack";
import { ProjectFolder } from "./harness/cli/projectFolder";
import { readmeRun } from "./harness/cli/readmeCommands";
import { applyReadmeConfig } from "./harness/cli/readmeConfig";
import { emulatorEndpointConfig, startEmulatorTenant, type EmulatorTenant } from "./harness/emulatorTenant";
import { findLeaks } from "./harness/leakScan";
import { REPO_ROOT } from "./harness/toolchain";

// The SynchronizationJob through the plain CLI, as examples/scim-app's README runs it: a wrong SCIM token stopped at
// validation, the order of one `up` once it is fixed, pause and resume through `provisioning` (enabled), a restart
// through `restartTrigger`, a job deleted outside Pulumi, and destroy; then every output scanned for the values.

const JOB_TYPE = "pulumi-nodejs:dynamic/graphsync:SynchronizationJob";
const SECRETS_TYPE = "pulumi-nodejs:dynamic/graphsync:SynchronizationSecrets";
const EXAMPLE = path.join(REPO_ROOT, "examples", "scim-app");

let tenant: EmulatorTenant;
let project: ProjectFolder;
let stack: CliStack;
let principal: string;
let baseAddress: string;
const rightToken = `right-token-${randomBytes(9).toString("hex")}`;
const wrongToken = `wrong-token-${randomBytes(9).toString("hex")}`;

/** The Graph operations on the principal since the last look, as "operation status". */
let seen = 0;
function newOperations(): string[] {
  const all = tenant.emulator.graphOperations({ servicePrincipalId: principal }).map((entry) => `${entry.operation} ${entry.status}`);
  const fresh = all.slice(seen);
  seen = all.length;
  return fresh;
}

const job = () => tenant.emulator.synchronizationJobs(principal)?.[0];
const jobInState = () => stack.resources().find((resource) => resource.type === JOB_TYPE);
const diagnostics = (record: { outcome: { diagnostics: readonly { message: string }[] }; stderr: string }) =>
  [...record.outcome.diagnostics.map((diagnostic) => diagnostic.message), record.stderr].join("\n");

beforeAll(async () => {
  tenant = await startEmulatorTenant();
  principal = tenant.newServicePrincipal();
  project = ProjectFolder.copyOf(EXAMPLE, ["Pulumi.yaml", "index.ts", "package.json", "tsconfig.json"]);
  const run = readmeRun(readFileSync(path.join(EXAMPLE, "README.md"), "utf8"), "Run it");
  stack = await CliStack.init({ project, stackName: run.stackName });
  const config = await applyReadmeConfig(stack, run, {
    "graphsync:tenantId": tenant.emulator.tenantId,
    "graphsync:clientId": tenant.app.clientId,
    "graphsync:clientSecret": tenant.clientSecret,
    servicePrincipalId: principal,
    scimToken: wrongToken,
  });
  baseAddress = config["scimBaseAddress"] ?? "";
  for (const [key, entry] of Object.entries(emulatorEndpointConfig(tenant.emulator))) {
    await stack.configSet(key, entry.value);
  }
  // The application's SCIM endpoint accepts one token: the right one.
  tenant.emulator.setScimEndpoints(principal, [{ baseAddress, secretTokens: [rightToken] }]);
});

afterAll(async () => {
  stack?.dispose();
  project?.dispose();
  await tenant?.emulator.close();
});

describe("examples/scim-app's job and secrets through the plain CLI", () => {
  it("stops the up at validation with a wrong token: nothing saved, the job never started, the key and Graph's reason named", async () => {
    const up = await stack.up({ expectFailure: true });
    expect(newOperations()).toEqual(["jobs.list 200", "jobs.create 201", "jobs.validateCredentials 400"]);
    expect(tenant.emulator.storedSecrets(principal)).toEqual({});
    expect(job()).toMatchObject({ schedule: expect.objectContaining({ state: "Disabled" }), starts: 0 });
    const shown = diagnostics(up);
    expect(shown).toContain("keys BaseAddress, SecretToken, SyncNotificationSettings");
    expect(shown).toContain("nothing was written");
    expect(shown).toContain("check SecretToken");
    expect(shown).toContain("Response status code: Unauthorized");
    expect(shown).toContain("inner code SystemForCrossDomainIdentityManagementCredentialValidationFailure");
    for (const value of [wrongToken, rightToken, baseAddress]) expect(shown).not.toContain(value);
    // The job was created and stays in the stack; the secrets were not.
    expect(stack.resources().map((resource) => resource.type)).toEqual([JOB_TYPE]);
  });

  it("finishes the order once the token is fixed: tested, saved, then the waiting job started", async () => {
    await stack.configSet("scimToken", rightToken, { secret: true });
    const up = await stack.up();
    expect(up.outcome.changes).toEqual({ create: 1, same: 2 });
    expect(newOperations()).toEqual(["jobs.validateCredentials 204", "secrets.put 204", "jobs.get 200", "jobs.start 204"]);
    expect(tenant.emulator.storedSecrets(principal)).toMatchObject({ BaseAddress: baseAddress, SecretToken: rightToken });
    expect(job()).toMatchObject({ schedule: expect.objectContaining({ state: "Active" }), status: expect.objectContaining({ code: "Active" }), starts: 1 });
  });

  it("pauses and resumes the job through provisioning (enabled), one call each, and nothing when it does not change", async () => {
    await stack.configSet("provisioning", "false");
    const pause = await stack.up();
    expect(pause.outcome.changes).toEqual({ update: 1, same: 2 });
    expect(newOperations()).toEqual(["jobs.pause 204"]);
    expect(job()).toMatchObject({ schedule: expect.objectContaining({ state: "Paused" }), pauses: 1 });
    expect(jobInState()?.outputs["scheduleState"]).toBe("Paused");
    await stack.configSet("provisioning", "true");
    await stack.up();
    expect(newOperations()).toEqual(["jobs.start 204"]);
    expect(job()).toMatchObject({ schedule: expect.objectContaining({ state: "Active" }), starts: 2 });
    const again = await stack.up();
    expect(again.outcome.changes).toEqual({ same: 3 });
    expect(newOperations()).toEqual([]);
  });

  it("restarts the job with the program's reset scope when restartTrigger takes a new value", async () => {
    await stack.configSet("restartTrigger", "2026-12-03T10:00:00Z");
    const restart = await stack.up();
    expect(restart.outcome.changes).toEqual({ update: 1, same: 2 });
    expect(newOperations()).toEqual(["jobs.restart 204"]);
    expect(job()?.restartScopes).toEqual(["QuarantineState,Escrows"]);
    expect(job()?.starts).toBe(2);
  });

  it("stores the job's provider as a require of pulumi-graph-sync/job-shim, of the size the README states", () => {
    const provider = String(jobInState()?.outputs["__provider"] ?? "");
    expect(provider).toContain('const provider = require("pulumi-graph-sync/job-shim");');
    expect(provider).not.toMatch(/SynchronizationJob|graph\/|axios|azure/);
    const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    expect(readme).toContain(`a job's, \`require("pulumi-graph-sync/job-shim")\`, ${provider.length} bytes`);
  });

  it("drops a job deleted outside Pulumi on refresh, then creates it again, tests the credentials through it and starts it", async () => {
    const deleted = job()?.id ?? "";
    tenant.emulator.deleteSynchronizationJob(principal, deleted);
    newOperations();
    const refresh = await stack.refresh();
    expect(refresh.outcome.changes).toMatchObject({ delete: 1 });
    expect(diagnostics(refresh)).toContain(`synchronization job ${deleted} of service principal ${principal} no longer exists; it leaves the stack`);
    expect(stack.resources().map((resource) => resource.type)).toEqual([SECRETS_TYPE]);
    newOperations();
    const up = await stack.up();
    expect(up.outcome.changes).toEqual({ create: 1, update: 1, same: 1 });
    // The secrets did not change: they are tested through the new job (no PUT), which then starts.
    expect(newOperations()).toEqual(["jobs.list 200", "jobs.create 201", "jobs.validateCredentials 204", "jobs.get 200", "jobs.start 204"]);
    expect(job()).toMatchObject({ schedule: expect.objectContaining({ state: "Active" }), starts: 1 });
    expect(job()?.id).not.toBe(deleted);
    expect(jobInState()?.outputs["jobId"]).toBe(job()?.id);
  });

  it("clears the secrets, then deletes the job, on destroy", async () => {
    const destroy = await stack.destroy();
    expect(destroy.outcome.changes).toEqual({ delete: 3 });
    expect(newOperations()).toEqual(["secrets.put 204", "jobs.delete 204"]);
    expect(tenant.emulator.synchronizationJobs(principal)).toEqual([]);
    expect(tenant.emulator.storedSecrets(principal)).toEqual({ SyncNotificationSettings: "{}" });
  });

  it("shows neither token nor the client secret in any output, --json, -v=9 log, state file, history or backup", () => {
    expect(findLeaks(cliLeakPlaces(stack), [wrongToken, rightToken, tenant.clientSecret])).toEqual([]);
  });
});
