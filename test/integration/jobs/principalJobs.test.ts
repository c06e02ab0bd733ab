import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphClientOptions } from "../../../provider/graph/client";
import { GraphRequestError } from "../../../provider/graph/errors";
import { PrincipalJobs } from "../../../provider/jobs/jobsClient";
import { canaryValue, GraphFixture } from "../graph/graphFixture";

// The jobs and templates of a principal through the process's Graph client (its token, retries and errors), against
// the emulator: every call, its request, and what Graph's refusals become.

const FAST: Partial<GraphClientOptions> = {
  consistencyWindowMs: 10_000,
  retry: { baseDelayMs: 100, maxDelayMs: 400, replicationBaseDelayMs: 100, replicationMaxDelayMs: 300 },
};

let fixture: GraphFixture;

beforeAll(async () => {
  fixture = await GraphFixture.start();
});

afterAll(async () => {
  await fixture.close();
});

const jobsOf = (principal: string) => new PrincipalJobs(fixture.client(FAST), principal, "v1.0");

async function rejection(promise: Promise<unknown>): Promise<GraphRequestError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(GraphRequestError);
  fixture.recordError(error);
  return error as GraphRequestError;
}

describe("PrincipalJobs against the emulator", () => {
  it("creates a job disabled, lists and reads it, starts, pauses, restarts and deletes it", async () => {
    const principal = fixture.servicePrincipal();
    const jobs = jobsOf(principal);
    const created = await jobs.create("scim");
    expect(created).toMatchObject({ templateId: "scim", scheduleState: "Disabled", statusCode: "NotConfigured" });
    expect(created.id).toMatch(/^scim\.[0-9a-f]{32}\.[0-9a-f-]{36}$/);
    expect(await jobs.list({ awaitReplication: false })).toEqual([created]);
    await jobs.start(created.id, { awaitReplication: false });
    expect((await jobs.get(created.id, { awaitReplication: false })).scheduleState).toBe("Active");
    await jobs.pause(created.id);
    expect((await jobs.get(created.id, { awaitReplication: false })).scheduleState).toBe("Paused");
    await jobs.restart(created.id, ["Watermark", "QuarantineState"]);
    await jobs.restart(created.id, []);
    expect(fixture.emulator.synchronizationJobs(principal)?.[0]).toMatchObject({ starts: 1, pauses: 1, restartScopes: ["Watermark,QuarantineState", ""] });
    await jobs.delete(created.id);
    expect(await jobs.list({ awaitReplication: false })).toEqual([]);
    const gone = await rejection(jobs.get(created.id, { awaitReplication: false }));
    expect(gone).toMatchObject({ status: 404, method: "GET" });
    const operations = fixture.emulator.graphOperations({ servicePrincipalId: principal }).map((entry) => entry.operation);
    expect(operations).toEqual([
      "jobs.create", "jobs.list", "jobs.start", "jobs.get", "jobs.pause", "jobs.get", "jobs.restart", "jobs.restart", "jobs.delete",
      "jobs.list", "jobs.get",
    ]);
  });

  it("waits out a principal that is still replicating when it creates a job", async () => {
    const principal = fixture.emulator.createServicePrincipal({ replicationDelayMs: 600 });
    const job = await jobsOf(principal).create("scim");
    expect(job.scheduleState).toBe("Disabled");
    const answers = fixture.emulator.graphOperations({ servicePrincipalId: principal }).map((entry) => entry.status);
    expect(answers.at(-1)).toBe(201);
    expect(answers.slice(0, -1).every((status) => status === 404)).toBe(true);
    expect(answers.length).toBeGreaterThan(1);
  });

  it("has Graph refuse an unknown template, and lists the principal's templates", async () => {
    const principal = fixture.emulator.createServicePrincipal({ templates: [{ id: "scim" }, { id: "dataBricks" }] });
    const jobs = jobsOf(principal);
    const refused = await rejection(jobs.create("slack"));
    expect(refused).toMatchObject({ kind: "invalidRequest", status: 400 });
    expect(await jobs.templates()).toEqual(["scim", "dataBricks"]);
  });

  it("passes credentials the application accepts, and reports Graph's reason scrubbed of every value when it refuses", async () => {
    const principal = fixture.servicePrincipal();
    const baseAddress = "https://scim.canary-endpoint.example/v2";
    const token = canaryValue();
    fixture.emulator.setScimEndpoints(principal, [{ baseAddress, secretTokens: [token] }]);
    const jobs = jobsOf(principal);
    const job = await jobs.create("scim");
    await jobs.validateCredentials(job.id, [{ key: "BaseAddress", value: baseAddress }, { key: "SecretToken", value: token }], { awaitReplication: false });
    const wrong = canaryValue();
    const pairs = [{ key: "BaseAddress", value: baseAddress }, { key: "SecretToken", value: wrong }];
    const refused = await rejection(jobs.validateCredentials(job.id, pairs, { awaitReplication: false }));
    expect(refused).toMatchObject({
      kind: "invalidRequest", status: 400, code: "UnknownError", innerCode: "SystemForCrossDomainIdentityManagementCredentialValidationFailure",
    });
    expect(refused.graphMessage).toContain("Response status code: Unauthorized");
    expect(refused.graphMessage).toContain("[REDACTED]");
    expect(fixture.emulator.storedSecrets(principal)).toEqual({});
    for (const value of [baseAddress, token, wrong, ...fixture.tokens]) {
      for (const text of fixture.errorTexts) expect(text).not.toContain(value);
    }
  });

  it("refuses a job id that would change the path, before any request", async () => {
    const principal = fixture.servicePrincipal();
    expect(() => jobsOf(principal).start("../../secrets", { awaitReplication: false })).toThrow(TypeError);
    expect(fixture.emulator.graphOperations({ servicePrincipalId: principal })).toEqual([]);
  });
});
