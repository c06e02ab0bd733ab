import { createRequire } from "node:module";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SynchronizationSecretsState } from "../../../provider/core/state";
import type { JobInputs, SynchronizationJobState } from "../../../provider/jobs/state";
import { overlappingOperations, startEmulator, type Emulator } from "../../emulator";
import { emulatorConfig, rejectionOf, stackConfig } from "../auth/authHarness";

// Both runtimes in this process, configured as the engine configures them, against the emulator: what the jobs
// resource does on create, adoption, refresh, update and delete, and what the secrets do with validateWith. The
// runtimes load their Graph side with require() on first use, as compiled JavaScript does, so this test runs the
// npm-packed copy the toolchain installs (as the provider process does), not the TypeScript sources.

const installed = createRequire(path.resolve(__dirname, "../../../package.json"));
const jobRuntime = installed("pulumi-graph-sync/job-runtime") as pulumi.dynamic.ResourceProvider;
const secretsRuntime = installed("pulumi-graph-sync/runtime") as pulumi.dynamic.ResourceProvider;

let emulator: Emulator;
let appClientId: string;

beforeAll(async () => {
  emulator = await startEmulator();
  const app = emulator.registerApp({ roles: ["Synchronization.ReadWrite.All"] });
  appClientId = app.clientId;
  const config = stackConfig(
    emulatorConfig(emulator, {
      "graphsync:tenantId": emulator.tenantId, "graphsync:clientId": app.clientId, "graphsync:clientSecret": app.clientSecret ?? "",
      "graphsync:consistencyWindow": "5s",
    }),
  );
  await jobRuntime.configure?.({ config: { ...config, require: (key: string) => config.get(key) ?? "" } });
  await secretsRuntime.configure?.({ config: { ...config, require: (key: string) => config.get(key) ?? "" } });
});

afterAll(async () => {
  await emulator.close();
});

async function jobInputs(news: Record<string, unknown>): Promise<JobInputs> {
  const checked = await jobRuntime.check?.({} as never, news as never);
  if (checked?.inputs === undefined) throw new Error(`check failed: ${JSON.stringify(checked?.failures)}`);
  return checked.inputs as JobInputs;
}

async function secretsInputs(news: Record<string, unknown>): Promise<SynchronizationSecretsState> {
  const checked = await secretsRuntime.check?.({} as never, news as never);
  if (checked?.inputs === undefined) throw new Error(`check failed: ${JSON.stringify(checked?.failures)}`);
  return checked.inputs as SynchronizationSecretsState;
}

const principal = () => emulator.createServicePrincipal({ owners: [appClientId] });
const operations = (servicePrincipalId: string) => emulator.graphOperations({ servicePrincipalId }).map((entry) => `${entry.operation} ${entry.status}`);

describe("SynchronizationJob's create", () => {
  it("fails on an existing job from the template and names it, unless adoptExisting; an adopted job is started, never twice", async () => {
    const sp = principal();
    const first = await jobRuntime.create(await jobInputs({ servicePrincipalId: sp, templateId: "scim", enabled: false }));
    const existing = (first.outs as SynchronizationJobState).jobId;
    const refused = await rejectionOf(jobRuntime.create(await jobInputs({ servicePrincipalId: sp, templateId: "scim" })));
    expect(refused.name).toBe("JobExistsError");
    expect(refused.message).toContain(`already has synchronization job ${existing} from template "scim"`);
    expect(refused.message).toContain("adoptExisting: true");
    const adopted = await jobRuntime.create(await jobInputs({ servicePrincipalId: sp, templateId: "scim", adoptExisting: true }));
    expect(adopted.outs).toMatchObject({ jobId: existing, scheduleState: "Active" });
    expect(emulator.synchronizationJobs(sp)).toHaveLength(1);
    const again = await jobRuntime.create(await jobInputs({ servicePrincipalId: sp, templateId: "scim", adoptExisting: true }));
    expect(again.outs).toMatchObject({ jobId: existing, scheduleState: "Active" });
    expect(emulator.synchronizationJobs(sp)?.[0]?.starts).toBe(1);
  });

  it("lists the principal's templates when Graph refuses the declared one", async () => {
    const sp = emulator.createServicePrincipal({ owners: [appClientId], templates: [{ id: "scim" }, { id: "dataBricks" }] });
    const refused = await rejectionOf(jobRuntime.create(await jobInputs({ servicePrincipalId: sp, templateId: "slack" })));
    expect(refused.name).toBe("UnknownTemplateError");
    expect(refused.message).toContain(`templateId "slack" is not one of the synchronization templates of service principal ${sp}: it offers "scim", "dataBricks"`);
    expect(operations(sp)).toEqual(["jobs.list 200", "jobs.create 400", "templates.list 200"]);
  });

  it("creates a job from the same template right after deleting the old one (a replacement deletes first)", async () => {
    const sp = principal();
    const created = await jobRuntime.create(await jobInputs({ servicePrincipalId: sp, templateId: "scim" }));
    const state = created.outs as SynchronizationJobState;
    await jobRuntime.delete?.(created.id, state);
    const replacement = await jobRuntime.create(await jobInputs({ servicePrincipalId: sp, templateId: "scim" }));
    expect((replacement.outs as SynchronizationJobState).jobId).not.toBe(state.jobId);
    expect(emulator.synchronizationJobs(sp)?.map((job) => job.id)).toEqual([(replacement.outs as SynchronizationJobState).jobId]);
  });
});

describe("SynchronizationJob's refresh, update and delete", () => {
  it("leaves the stack when the job was deleted outside Pulumi, and deletes a job already gone without failing", async () => {
    const sp = principal();
    const created = await jobRuntime.create(await jobInputs({ servicePrincipalId: sp, templateId: "scim" }));
    const state = created.outs as SynchronizationJobState;
    emulator.deleteSynchronizationJob(sp, state.jobId);
    expect(await jobRuntime.read?.(created.id, state)).toEqual({});
    await jobRuntime.delete?.(created.id, state);
    expect(operations(sp).slice(-2)).toEqual(["jobs.get 404", "jobs.delete 404"]);
  });

  it("says what to do when the job it should start is gone", async () => {
    const sp = principal();
    const created = await jobRuntime.create(await jobInputs({ servicePrincipalId: sp, templateId: "scim", enabled: false }));
    const state = created.outs as SynchronizationJobState;
    emulator.deleteSynchronizationJob(sp, state.jobId);
    const failed = await rejectionOf(jobRuntime.update?.(created.id, state, await jobInputs({ servicePrincipalId: sp, templateId: "scim" })) ?? Promise.resolve());
    expect(failed.message).toContain(`synchronization job ${state.jobId} of service principal ${sp} no longer exists, so it could not start: run pulumi refresh`);
  });
});

describe("SynchronizationSecrets with validateWith", () => {
  const credentials = (token: string) => ({ BaseAddress: "https://scim.lifecycle.example/v2", SecretToken: token });

  it("tests, saves, then starts a job that waits for its credentials; a later write tests again and starts nothing", async () => {
    const sp = principal();
    const job = (await jobRuntime.create(await jobInputs({ servicePrincipalId: sp, templateId: "scim", waitForCredentials: true }))).outs as SynchronizationJobState;
    expect(job.scheduleState).toBe("Disabled");
    const inputs = await secretsInputs({ servicePrincipalId: sp, credentials: credentials("token-one-2b7e1c"), validateWith: job.jobId, startsJob: true });
    await secretsRuntime.create(inputs);
    expect(emulator.synchronizationJobs(sp)?.[0]).toMatchObject({ starts: 1, schedule: { state: "Active" }, status: { code: "Active" } });
    const next = await secretsInputs({ servicePrincipalId: sp, credentials: credentials("token-two-9f0a3d"), validateWith: job.jobId, startsJob: true });
    await secretsRuntime.update?.("id", inputs, next);
    expect(emulator.synchronizationJobs(sp)?.[0]?.starts).toBe(1);
    expect(operations(sp)).toEqual([
      "jobs.list 200", "jobs.create 201",
      "jobs.validateCredentials 204", "secrets.put 204", "jobs.get 200", "jobs.start 204",
      "jobs.validateCredentials 204", "secrets.put 204", "jobs.get 200",
    ]);
  });

  it("writes nothing when Graph refuses the credentials, and names the keys", async () => {
    const sp = principal();
    emulator.setScimEndpoints(sp, [{ baseAddress: "https://scim.lifecycle.example/v2", secretTokens: ["the-right-token-41c8"] }]);
    const job = (await jobRuntime.create(await jobInputs({ servicePrincipalId: sp, templateId: "scim", waitForCredentials: true }))).outs as SynchronizationJobState;
    const inputs = await secretsInputs({ servicePrincipalId: sp, credentials: credentials("a-wrong-token-77d0"), validateWith: job.jobId, startsJob: true });
    const refused = await rejectionOf(secretsRuntime.create(inputs));
    expect(refused.name).toBe("CredentialValidationError");
    expect(refused.message).toContain("keys BaseAddress, SecretToken");
    expect(refused.message).not.toContain("a-wrong-token-77d0");
    expect(refused.message).not.toContain("scim.lifecycle.example");
    expect(emulator.storedSecrets(sp)).toEqual({});
    expect(emulator.synchronizationJobs(sp)?.[0]?.starts).toBe(0);
    expect(operations(sp).slice(2)).toEqual(["jobs.validateCredentials 400"]);
  });

  it("says so when validateWith names a job the principal does not have, after waiting for one created moments ago", async () => {
    const sp = principal();
    const missing = "scim.0a1b2c3d4e5f60718293a4b5c6d7e8f9.9e2f4b1a-1c2d-4e5f-8a7b-1c2d3e4f5a6b";
    const inputs = await secretsInputs({ servicePrincipalId: sp, credentials: credentials("token-for-nobody-3a"), validateWith: missing });
    const refused = await rejectionOf(secretsRuntime.create(inputs));
    expect(refused.message).toBe(
      `validateWith names synchronization job ${missing}, which service principal ${sp} does not have (or the principal is gone); ` +
        "nothing was written. Pass the SynchronizationJob of the same principal.",
    );
    const answers = operations(sp);
    expect(answers.length).toBeGreaterThan(1);
    expect(new Set(answers)).toEqual(new Set(["jobs.validateCredentials 404"]));
    expect(emulator.storedSecrets(sp)).toEqual({});
  });

  it("never has two operations on one principal in flight at once, while other principals go ahead", async () => {
    emulator.setLatency(40);
    try {
      const [one, two] = [principal(), principal()];
      await Promise.all(
        [one, two].flatMap((sp) => [
          jobInputs({ servicePrincipalId: sp, templateId: "scim" }).then((inputs) => jobRuntime.create(inputs)),
          secretsInputs({ servicePrincipalId: sp, credentials: credentials("concurrent-token-5e") }).then((inputs) => secretsRuntime.create(inputs)),
          secretsInputs({ servicePrincipalId: sp, credentials: { SyncNotificationSettings: { Enabled: false } } }).then((inputs) => secretsRuntime.create(inputs)),
        ]),
      );
      for (const sp of [one, two]) {
        expect(emulator.graphOperations({ servicePrincipalId: sp })).toHaveLength(5);
        expect(overlappingOperations(emulator.graphOperations({ servicePrincipalId: sp }))).toEqual([]);
      }
      // The two principals' operations did run side by side: the check above is not vacuous.
      expect(overlappingOperations(emulator.graphOperations({ servicePrincipalId: undefined })).length).toBeGreaterThan(0);
    } finally {
      emulator.setLatency(0);
    }
  });
});
