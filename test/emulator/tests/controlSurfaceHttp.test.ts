import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Emulator, RegisteredApp, startEmulator } from "../index";
import { pairs, putSecrets } from "./support/graphCalls";
import { rawRequest, RawResponse, requireRunCertificateAuthority } from "./support/rawHttps";

describe("the control surface over HTTP", () => {
  let emulator: Emulator;

  const control = (method: string, path: string, body?: unknown): Promise<RawResponse> =>
    rawRequest(`${emulator.origin}/_emulator${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  beforeAll(async () => {
    requireRunCertificateAuthority();
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator.close();
  });

  it("describes the emulator", async () => {
    const info = await control("GET", "/info");
    expect(info.status).toBe(200);
    expect(info.json).toMatchObject({
      origin: emulator.origin,
      tenantId: emulator.tenantId,
      graphAudience: emulator.graphAudience,
      caFile: emulator.caFile,
      githubActions: { requestUrl: emulator.githubActions.requestUrl },
      managedIdentity: { endpoint: emulator.managedIdentity.endpoint },
    });
  });

  it("registers apps, creates principals and reads stored secrets like the in-process methods", async () => {
    const app = (await control("POST", "/apps", { roles: ["Application.ReadWrite.OwnedBy"] })).json as RegisteredApp;
    expect(emulator.app(app.clientId)?.roles).toEqual(["Application.ReadWrite.OwnedBy"]);
    const created = await control("POST", "/servicePrincipals", { owners: [app.clientId] });
    expect(created.status).toBe(201);
    const { id } = created.json as { id: string };
    const token = emulator.issueAccessToken({ clientId: app.clientId, roles: app.roles });
    expect((await putSecrets(emulator, token, id, pairs({ SecretToken: "s" }))).status).toBe(204);
    expect((await control("GET", `/servicePrincipals/${id}/secrets`)).json).toEqual({ SecretToken: "s" });
    expect((await control("PATCH", `/servicePrincipals/${id}/secrets`, { SecretToken: "", SyncAll: "true" })).status).toBe(204);
    expect(emulator.storedSecrets(id)).toEqual({ SyncAll: "true" });
    expect((await control("POST", `/apps/${app.clientId}/roles`, { roles: ["Synchronization.ReadWrite.All"] })).status).toBe(201);
    expect(emulator.app(app.clientId)?.roles).toContain("Synchronization.ReadWrite.All");
    expect((await control("DELETE", `/servicePrincipals/${id}`)).status).toBe(204);
    expect((await control("GET", `/servicePrincipals/${id}/secrets`)).status).toBe(404);
  });

  it("sets faults, latency, throttle and behaviour, and reads log and counters", async () => {
    expect((await control("POST", "/faults", { kind: "status", status: 503, count: 2 })).status).toBe(204);
    expect(((await control("GET", "/faults")).json as Array<{ remaining: number }>)[0]?.remaining).toBe(2);
    expect((await control("PUT", "/latency", { ms: 5 })).status).toBe(204);
    expect((await control("PUT", "/throttle", { capacity: 5, refillPerSecond: 1 })).status).toBe(204);
    expect(((await control("PATCH", "/behaviour", { pageSize: 7 })).json as { pageSize: number }).pageSize).toBe(7);
    expect(emulator.behaviour.pageSize).toBe(7);
    expect((await control("POST", "/reset", {})).status).toBe(204);
    expect(emulator.pendingFaults()).toEqual([]);
    expect((await control("GET", "/requests")).json).toEqual([]);
    expect(((await control("GET", "/counters")).json as { graphRequestsTotal: number }).graphRequestsTotal).toBe(0);
  });

  it("sets the CI subjects and mints access tokens", async () => {
    expect((await control("PUT", "/githubActions/subject", { subject: "repo:a/b:environment:x" })).status).toBe(204);
    expect(emulator.githubActions.subject).toBe("repo:a/b:environment:x");
    expect((await control("PUT", "/azurePipelines/subject", { subject: "sc://a/b/c" })).status).toBe(204);
    expect(emulator.azurePipelines.subject).toBe("sc://a/b/c");
    const minted = (await control("POST", "/accessTokens", { roles: ["Synchronization.Read.All"] })).json as { accessToken: string };
    expect(minted.accessToken.split(".")).toHaveLength(3);
  });

  it("is neither logged nor counted", async () => {
    emulator.reset();
    await control("GET", "/info");
    expect(emulator.requestLog()).toEqual([]);
  });

  it("answers 404 to unknown routes, 405 to wrong methods and 400 to bad input", async () => {
    expect((await control("GET", "/nothing")).status).toBe(404);
    expect((await control("DELETE", "/info")).status).toBe(405);
    expect((await control("POST", "/apps", { clientId: "not-a-guid" })).status).toBe(400);
    expect((await control("PUT", "/latency", { ms: "fast" })).status).toBe(400);
    expect((await control("POST", `/apps/${emulator.managedIdentity.clientId}/roles`, { roles: "all" })).status).toBe(400);
  });
});

describe("the control surface over HTTP, on bad input", () => {
  it("refuses malformed JSON without quoting the body back", async () => {
    requireRunCertificateAuthority();
    const emulator = await startEmulator();
    try {
      const secretish = "s3cr3t-in-a-broken-body-5c1d";
      const response = await rawRequest(`${emulator.origin}/_emulator/apps`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: `{"clientSecret": "${secretish}"`,
      });
      expect(response.status).toBe(400);
      expect(response.text).not.toContain(secretish);
    } finally {
      await emulator.close();
    }
  });
});
