import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Emulator, GraphOperationEntry, overlappingOperations, startEmulator, SynchronizationJobJson } from "../index";
import { graphCall, pairs, putSecrets } from "./support/graphCalls";
import { expectNoneOf, rawRequest, requireRunCertificateAuthority } from "./support/rawHttps";
import { requestToken } from "./support/tokenCalls";

describe("overlappingOperations", () => {
  const span = (name: string, startMs: number, endMs: number) => ({ name, startMs, endMs });

  it("finds no overlap in spans that follow one another, touching or not, in any order given", () => {
    expect(overlappingOperations([span("b", 10, 20), span("a", 0, 10), span("c", 25, 30)])).toEqual([]);
  });

  it("pairs each span with every later one that started before it ended", () => {
    const overlaps = overlappingOperations([span("a", 0, 50), span("b", 10, 20), span("c", 30, 60), span("d", 60, 70)]);
    expect(overlaps.map(([earlier, later]) => `${earlier.name}<${later.name}`)).toEqual(["a<b", "a<c"]);
  });
});

describe("the request log of Graph operations", () => {
  let emulator: Emulator;
  let token: string;

  beforeAll(async () => {
    requireRunCertificateAuthority();
    emulator = await startEmulator();
    const app = emulator.registerApp({ roles: ["Synchronization.ReadWrite.All"] });
    token = emulator.issueAccessToken({ clientId: app.clientId, roles: app.roles });
  });

  afterEach(() => {
    emulator.reset();
  });

  afterAll(async () => {
    await emulator.close();
  });

  it("records each operation with its principal, job, status and a monotonic span, in order and without overlap", async () => {
    const id = emulator.createServicePrincipal();
    const other = emulator.createServicePrincipal();
    const credentials = pairs({ BaseAddress: "https://scim.example", SecretToken: "log-secret-5c2" });
    const call = (method: string, subPath: string, body?: unknown) => graphCall(emulator, token, method, id, subPath, body);
    await call("GET", "/templates");
    const job = (await call("POST", "/jobs", { templateId: "scim" })).json as SynchronizationJobJson;
    await call("POST", `/jobs/${job.id}/validateCredentials`, { credentials: credentials.value });
    await putSecrets(emulator, token, id, credentials);
    await putSecrets(emulator, token, other, pairs({ SyncAll: "true" }));
    await call("POST", `/jobs/${job.id}/start`);
    await call("GET", `/jobs/${job.id}`);
    await call("GET", "/jobs");
    await call("POST", `/jobs/${job.id}/pause`);
    await call("POST", `/jobs/${job.id}/restart`, { criteria: { resetScope: "Full" } });
    await call("GET", "/secrets");
    await call("DELETE", `/jobs/${job.id}`);

    const operations = emulator.graphOperations({ servicePrincipalId: id.toUpperCase() });
    expect(operations.map(({ operation, status }) => `${operation} ${status}`)).toEqual([
      "templates.list 200",
      "jobs.create 201",
      "jobs.validateCredentials 204",
      "secrets.put 204",
      "jobs.start 204",
      "jobs.get 200",
      "jobs.list 200",
      "jobs.pause 204",
      "jobs.restart 204",
      "secrets.get 200",
      "jobs.delete 204",
    ]);
    expect(operations.every((entry) => entry.servicePrincipalId === id)).toBe(true);
    expect(operations.filter((entry) => entry.jobId !== undefined).map((entry) => entry.operation)).toEqual([
      "jobs.validateCredentials", "jobs.start", "jobs.get", "jobs.pause", "jobs.restart", "jobs.delete",
    ]);
    expect(operations.every((entry) => entry.jobId === undefined || entry.jobId === job.id)).toBe(true);
    for (const entry of operations) expect(entry.endMs).toBeGreaterThanOrEqual(entry.startMs);
    operations.slice(1).forEach((entry, index) => expect(entry.startMs).toBeGreaterThan(operations[index]?.endMs ?? Infinity));
    expect(overlappingOperations(operations)).toEqual([]);
    expectNoneOf(JSON.stringify(emulator.requestLog()), ["log-secret-5c2"]);
  });

  it("records the key names a PUT of secrets carried, in body order, and never a value", async () => {
    const id = emulator.createServicePrincipal();
    const values = { SecretToken: "log-secret-value-91f", BaseAddress: "https://keys.example/scim", SyncAll: "false" };
    await putSecrets(emulator, token, id, pairs(values));
    // Refused by the service: its keys were read all the same, so the log says what the refused write contained.
    await putSecrets(emulator, token, id, pairs({ SyncNotificationSettings: "", UserName: "u" }));
    // Answered before the body was read: no keys.
    emulator.injectFault({ kind: "status", status: 503, method: "PUT" });
    await putSecrets(emulator, token, id, pairs(values));
    await graphCall(emulator, token, "GET", id, "/secrets");
    const operations = emulator.graphOperations({ servicePrincipalId: id });
    expect(operations.map(({ operation, status, secretKeys }) => ({ operation, status, secretKeys }))).toEqual([
      { operation: "secrets.put", status: 204, secretKeys: ["SecretToken", "BaseAddress", "SyncAll"] },
      { operation: "secrets.put", status: 400, secretKeys: ["SyncNotificationSettings", "UserName"] },
      { operation: "secrets.put", status: 503, secretKeys: undefined },
      { operation: "secrets.get", status: 200, secretKeys: undefined },
    ]);
    expectNoneOf(JSON.stringify(emulator.requestLog()), [values.SecretToken, values.BaseAddress]);
  });

  it("shows requests that were in flight together as overlapping", async () => {
    const id = emulator.createServicePrincipal();
    emulator.setLatency(150);
    await Promise.all([
      putSecrets(emulator, token, id, pairs({ SyncAll: "true" })),
      graphCall(emulator, token, "POST", id, "/jobs", { templateId: "scim" }),
    ]);
    const operations = emulator.graphOperations({ servicePrincipalId: id });
    expect(operations.map((entry) => entry.operation).sort()).toEqual(["jobs.create", "secrets.put"]);
    expect(overlappingOperations(operations)).toHaveLength(1);
  });

  it("names the operation of a request a fault answered, and selects by operation", async () => {
    const id = emulator.createServicePrincipal();
    const job = (await graphCall(emulator, token, "POST", id, "/jobs", { templateId: "scim" })).json as SynchronizationJobJson;
    emulator.injectFault({ kind: "status", status: 503, pathIncludes: "/start" });
    await graphCall(emulator, token, "POST", id, `/jobs/${job.id}/start`);
    emulator.injectFault({ kind: "reset", pathIncludes: "/pause" });
    await graphCall(emulator, token, "POST", id, `/jobs/${job.id}/pause`).catch(() => undefined);
    const selected = emulator.graphOperations({ operations: ["jobs.start", "jobs.pause"] });
    expect(selected.map(({ operation, status, fault }) => ({ operation, status, fault }))).toEqual([
      { operation: "jobs.start", status: 503, fault: "status" },
      { operation: "jobs.pause", status: 0, fault: "reset" },
    ]);
  });

  it("gives requests off the Graph surface a span but no operation", async () => {
    const app = emulator.registerApp();
    await requestToken(emulator, { grant_type: "client_credentials", client_id: app.clientId, client_secret: app.clientSecret ?? "", scope: emulator.graphScope });
    const [entry] = emulator.requestLog();
    expect(entry?.surface).toBe("identity");
    expect(entry?.operation).toBeUndefined();
    expect(entry?.endMs).toBeGreaterThanOrEqual(entry?.startMs ?? Infinity);
    expect(emulator.graphOperations()).toEqual([]);
  });

  it("serves the operations over HTTP, filtered by principal and operation", async () => {
    const id = emulator.createServicePrincipal();
    await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }));
    await graphCall(emulator, token, "GET", id, "/secrets");
    await putSecrets(emulator, token, emulator.createServicePrincipal(), pairs({ SyncAll: "true" }));
    const response = await rawRequest(`${emulator.origin}/_emulator/operations?servicePrincipalId=${id}&operation=secrets.put&operation=secrets.get`);
    expect(response.status).toBe(200);
    const entries = response.json as GraphOperationEntry[];
    expect(entries.map((entry) => [entry.operation, entry.servicePrincipalId])).toEqual([["secrets.put", id], ["secrets.get", id]]);
    expect(typeof entries[0]?.startMs).toBe("number");
  });
});
