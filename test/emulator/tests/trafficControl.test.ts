import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Emulator, startEmulator } from "../index";
import { getSecrets, graphError, pairs, putSecrets } from "./support/graphCalls";
import { expectNoneOf, rawRequest, requireRunCertificateAuthority } from "./support/rawHttps";
import { requestToken } from "./support/tokenCalls";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("throttling, faults, latency, request log and counters", () => {
  let emulator: Emulator;
  let token: string;
  let otherToken: string;
  let id: string;

  beforeAll(async () => {
    requireRunCertificateAuthority();
    emulator = await startEmulator();
    const app = emulator.registerApp({ roles: ["Synchronization.ReadWrite.All"] });
    const other = emulator.registerApp({ roles: ["Synchronization.ReadWrite.All"] });
    token = emulator.issueAccessToken({ clientId: app.clientId, roles: app.roles });
    otherToken = emulator.issueAccessToken({ clientId: other.clientId, roles: other.roles });
    id = emulator.createServicePrincipal();
  });

  afterEach(() => {
    emulator.reset();
  });

  afterAll(async () => {
    await emulator.close();
  });

  describe("throttle", () => {
    it("answers 429 with a fractional Retry-After matching the refill once the bucket is empty", async () => {
      // A one-second refill keeps the test meaningful even when the two first PUTs are slow on a busy machine.
      emulator.setThrottle({ capacity: 2, refillPerSecond: 1 });
      expect((await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }))).status).toBe(204);
      expect((await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }))).status).toBe(204);
      const throttled = await putSecrets(emulator, token, id, pairs({ SyncAll: "false" }));
      expect(throttled.status).toBe(429);
      expect(graphError(throttled).code).toBe("TooManyRequests");
      const retryAfter = Number(throttled.headers["retry-after"]);
      expect(retryAfter).toBeGreaterThan(0.5);
      expect(retryAfter).toBeLessThanOrEqual(1);
      expect(throttled.headers["retry-after"]).toMatch(/^\d+(\.\d{1,3})?$/);
      await sleep(retryAfter * 1000 + 20);
      expect((await putSecrets(emulator, token, id, pairs({ SyncAll: "false" }))).status).toBe(204);
      expect(emulator.storedSecrets(id)).toMatchObject({ SyncAll: "false" });
    });

    it("rounds Retry-After up to whole seconds when asked", async () => {
      emulator.setThrottle({ capacity: 1, refillPerSecond: 0.5, retryAfterFormat: "integer" });
      await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }));
      const throttled = await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }));
      expect(throttled.status).toBe(429);
      expect(throttled.headers["retry-after"]).toBe("2");
    });

    it("keeps one bucket per app and tenant", async () => {
      emulator.setThrottle({ capacity: 1, refillPerSecond: 0.1 });
      expect((await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }))).status).toBe(204);
      expect((await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }))).status).toBe(429);
      expect((await putSecrets(emulator, otherToken, id, pairs({ SyncAll: "true" }))).status).toBe(204);
    });

    it("throttles writes only by default, reads too when asked", async () => {
      emulator.setThrottle({ capacity: 1, refillPerSecond: 0.1 });
      await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }));
      expect((await getSecrets(emulator, token, id)).status).toBe(200);
      emulator.setThrottle({ capacity: 1, refillPerSecond: 0.1, applies: "all" });
      expect((await getSecrets(emulator, token, id)).status).toBe(200);
      expect((await getSecrets(emulator, token, id)).status).toBe(429);
    });

    it("stops throttling when set to null", async () => {
      emulator.setThrottle({ capacity: 1, refillPerSecond: 0.1 });
      await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }));
      emulator.setThrottle(null);
      expect((await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }))).status).toBe(204);
    });
  });

  describe("faults", () => {
    it("answers 503 with Retry-After to the next N matching requests, then serves normally", async () => {
      emulator.injectFault({ kind: "status", status: 503, retryAfter: "1", count: 2, method: "PUT" });
      const first = await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }));
      expect(first.status).toBe(503);
      expect(first.headers["retry-after"]).toBe("1");
      expect(graphError(first).code).toBe("serviceNotAvailable");
      expect((await getSecrets(emulator, token, id)).status).toBe(200);
      expect((await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }))).status).toBe(503);
      expect((await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }))).status).toBe(204);
      expect(emulator.pendingFaults()).toEqual([]);
    });

    it("answers 503 without Retry-After and 504", async () => {
      emulator.injectFault({ kind: "status", status: 503 });
      emulator.injectFault({ kind: "status", status: 504 });
      const unavailable = await getSecrets(emulator, token, id);
      expect(unavailable.status).toBe(503);
      expect(unavailable.headers["retry-after"]).toBeUndefined();
      expect((await getSecrets(emulator, token, id)).status).toBe(504);
    });

    it("answers a status fault with the message it is given, a megabyte of it too", async () => {
      const message = `eyJ${"eyJ".repeat(350_000)}`;
      emulator.injectFault({ kind: "status", status: 400, method: "PUT", message });
      const refused = await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }));
      expect(refused.status).toBe(400);
      expect(graphError(refused).message).toBe(message);
      emulator.injectFault({ kind: "status", status: 400, surface: "identity", message: "hostile description" });
      const entra = await rawRequest(`${emulator.authorityHost}/${emulator.tenantId}/oauth2/v2.0/token`, { method: "POST", body: "" });
      expect(entra.status).toBe(400);
      expect(JSON.parse(entra.text).error_description).toMatch(/^AADSTS50196: hostile description Trace ID: /);
    });

    it("matches faults by path", async () => {
      const other = emulator.createServicePrincipal();
      emulator.injectFault({ kind: "status", status: 503, pathIncludes: other });
      expect((await getSecrets(emulator, token, id)).status).toBe(200);
      expect((await getSecrets(emulator, token, other)).status).toBe(503);
    });

    it("resets the connection", async () => {
      emulator.injectFault({ kind: "reset" });
      const failure = await getSecrets(emulator, token, id).catch((error: unknown) => error);
      expect((failure as NodeJS.ErrnoException).code).toBe("ECONNRESET");
      expect(emulator.requestLog().at(-1)).toMatchObject({ status: 0, fault: "reset" });
    });

    it("hangs past the client's timeout", async () => {
      emulator.injectFault({ kind: "hang" });
      const started = Date.now();
      const failure = await rawRequest(`${emulator.graphEndpoint}/v1.0/servicePrincipals/${id}/synchronization/secrets`, {
        headers: { authorization: `Bearer ${token}` },
        timeoutMs: 300,
      }).catch((error: unknown) => error);
      expect((failure as NodeJS.ErrnoException).code).toBe("ETIMEDOUT");
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      await sleep(50);
      expect(emulator.requestLog().at(-1)).toMatchObject({ status: 0, fault: "hang" });
    });

    it("answers slowly, then normally", async () => {
      emulator.injectFault({ kind: "slow", delayMs: 250 });
      const started = Date.now();
      expect((await getSecrets(emulator, token, id)).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    });

    it("faults the token endpoint on the identity surface in the Entra shape", async () => {
      const app = emulator.registerApp();
      emulator.injectFault({ kind: "status", status: 503, surface: "identity", retryAfter: "2" });
      const form = { grant_type: "client_credentials", client_id: app.clientId, client_secret: app.clientSecret ?? "", scope: emulator.graphScope };
      const failed = await requestToken(emulator, form);
      expect(failed.status).toBe(503);
      expect(failed.headers["retry-after"]).toBe("2");
      expect(failed.json).toMatchObject({ error: "temporarily_unavailable" });
      expect((await requestToken(emulator, form)).status).toBe(200);
    });

    it("leaves Graph faults off the identity surface", async () => {
      const app = emulator.registerApp();
      emulator.injectFault({ kind: "status", status: 503 });
      const form = { grant_type: "client_credentials", client_id: app.clientId, client_secret: app.clientSecret ?? "", scope: emulator.graphScope };
      expect((await requestToken(emulator, form)).status).toBe(200);
      expect((await getSecrets(emulator, token, id)).status).toBe(503);
    });
  });

  it("adds the configured latency to every request", async () => {
    emulator.setLatency(200);
    const started = Date.now();
    expect((await getSecrets(emulator, token, id)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    emulator.reset();
    const quick = Date.now();
    await getSecrets(emulator, token, id);
    expect(Date.now() - quick).toBeLessThan(190);
  });

  describe("request log and counters", () => {
    it("records method, path, status, client-request-id and Retry-Attempt", async () => {
      await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }), { "client-request-id": "corr-log", "retry-attempt": "2" });
      const entry = emulator.requestLog().at(-1);
      expect(entry).toMatchObject({
        surface: "graph",
        method: "PUT",
        path: `/v1.0/servicePrincipals/${id}/synchronization/secrets`,
        status: 204,
        clientRequestId: "corr-log",
        retryAttempt: "2",
      });
      expect(entry?.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(entry?.durationMs).toBeGreaterThanOrEqual(0);
    });

    it("never records bodies, bearer tokens or secrets", async () => {
      const app = emulator.registerApp({ roles: ["Synchronization.ReadWrite.All"] });
      const form = { grant_type: "client_credentials", client_id: app.clientId, client_secret: app.clientSecret ?? "", scope: emulator.graphScope };
      const issued = (await requestToken(emulator, form)).json as { access_token: string };
      await putSecrets(emulator, issued.access_token, id, pairs({ SecretToken: "stored-secret-9d1e" }));
      await rawRequest(`${emulator.githubActions.requestUrl}&audience=x&client_secret=leaky-query-3b7f`, {
        headers: { authorization: `Bearer ${emulator.githubActions.requestToken}` },
      });
      const log = JSON.stringify(emulator.requestLog());
      expectNoneOf(log, [issued.access_token, app.clientSecret, "stored-secret-9d1e", emulator.githubActions.requestToken, "leaky-query-3b7f"]);
      expect(log).toContain("client_secret=REDACTED");
    });

    it("counts token requests per flow and Graph requests per method and status", async () => {
      const app = emulator.registerApp();
      await requestToken(emulator, { grant_type: "client_credentials", client_id: app.clientId, client_secret: app.clientSecret ?? "", scope: emulator.graphScope });
      await requestToken(emulator, { grant_type: "client_credentials", client_id: app.clientId, scope: emulator.graphScope });
      await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }));
      await putSecrets(emulator, token, id, [{ key: "SyncAll", value: "true" }]);
      await getSecrets(emulator, token, id);
      const counters = emulator.counters();
      expect(counters.tokenRequests).toMatchObject({ clientSecret: 1, invalid: 1, clientCertificate: 0 });
      expect(counters.graphRequests).toEqual({ "PUT 204": 1, "PUT 400": 1, "GET 200": 1 });
      expect(counters.graphRequestsTotal).toBe(3);
    });

    it("reset clears the log and counters but keeps the directory unless told", async () => {
      await putSecrets(emulator, token, id, pairs({ BaseAddress: "https://kept" }));
      emulator.injectFault({ kind: "status", status: 503 });
      emulator.reset();
      expect(emulator.requestLog()).toEqual([]);
      expect(emulator.counters().graphRequestsTotal).toBe(0);
      expect(emulator.pendingFaults()).toEqual([]);
      expect(emulator.storedSecrets(id)).toMatchObject({ BaseAddress: "https://kept" });
      expect((await getSecrets(emulator, token, id)).status).toBe(200);
    });

    it("reset with directory clear forgets apps, principals and secrets but keeps a managed identity", async () => {
      const scratch = await startEmulator();
      try {
        const app = scratch.registerApp();
        const principal = scratch.createServicePrincipal();
        scratch.reset({ directory: "clear" });
        expect(scratch.app(app.clientId)).toBeUndefined();
        expect(scratch.storedSecrets(principal)).toBeUndefined();
        expect(scratch.app(scratch.managedIdentity.clientId)?.managedIdentity).toBe(true);
      } finally {
        await scratch.close();
      }
    });
  });
});
