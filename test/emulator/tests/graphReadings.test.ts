import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Emulator, startEmulator } from "../index";
import { getSecrets, graphError, pairs, putSecrets, serviceError } from "./support/graphCalls";
import { requireRunCertificateAuthority } from "./support/rawHttps";

/** Every secrets-surface reading, each asserted against what the reference (or the reading's summary) says. */
describe("Graph secrets under each reading", () => {
  let emulator: Emulator;
  let token: string;

  const valuesOf = async (id: string): Promise<Array<{ key: string; value: string }>> =>
    ((await getSecrets(emulator, token, id)).json as { value: Array<{ key: string; value: string }> }).value;

  beforeAll(async () => {
    requireRunCertificateAuthority();
    emulator = await startEmulator();
    const app = emulator.registerApp({ roles: ["Synchronization.ReadWrite.All"] });
    token = emulator.issueAccessToken({ clientId: app.clientId, roles: app.roles });
  });

  afterEach(() => {
    for (const name of ["put-merge", "replication-404", "json-keys-observed", "json-empty-string-rejected",
      "json-empty-object-kept", "masked-default", "json-read-as-written", "error-echo-none", "throttled-free",
      "put-204", "owned-by-reads-secrets", "denied-401-unknown-error"]) {
      emulator.applyReading(name);
    }
    emulator.configure({ jsonKeyRules: {} });
    emulator.reset();
  });

  afterAll(async () => {
    await emulator.close();
  });

  describe("PUT semantics", () => {
    it("put-replace drops every key the PUT does not list", async () => {
      emulator.applyReading("put-replace");
      const id = emulator.createServicePrincipal();
      await putSecrets(emulator, token, id, pairs({ BaseAddress: "https://a", SecretToken: "one", SyncAll: "true" }));
      expect((await putSecrets(emulator, token, id, pairs({ SecretToken: "two" }))).status).toBe(204);
      expect(emulator.storedSecrets(id)).toEqual({ SecretToken: "two" });
    });

    it("put-replace stores no key sent as \"\"", async () => {
      emulator.applyReading("put-replace");
      const id = emulator.createServicePrincipal();
      await putSecrets(emulator, token, id, pairs({ BaseAddress: "https://a", SecretToken: "one" }));
      await putSecrets(emulator, token, id, pairs({ BaseAddress: "https://b", SecretToken: "" }));
      expect(emulator.storedSecrets(id)).toEqual({ BaseAddress: "https://b" });
    });

    it("put-200 answers 200 with the stored set as GET shows it, masked", async () => {
      emulator.applyReading("put-200");
      const id = emulator.createServicePrincipal();
      emulator.setStoredSecrets(id, { UserName: "admin" });
      const response = await putSecrets(emulator, token, id, pairs({ BaseAddress: "https://scim.example", SecretToken: "s3cr3t-9f" }));
      expect(response.status).toBe(200);
      const body = response.json as { "@odata.context": string; value: unknown };
      expect(body["@odata.context"]).toContain("$metadata#servicePrincipals");
      expect(body.value).toEqual([
        { key: "UserName", value: "admin" },
        { key: "SecretToken", value: "*" },
        { key: "BaseAddress", value: "https://scim.example" },
      ]);
      expect(response.text).not.toContain("s3cr3t-9f");
    });
  });

  describe("a principal still replicating", () => {
    const early = async (answer: string) => {
      emulator.applyReading(answer);
      const id = emulator.createServicePrincipal({ replicationDelayMs: 60_000 });
      return { id, put: await putSecrets(emulator, token, id, pairs({ SyncAll: "true" })), get: await getSecrets(emulator, token, id) };
    };

    it("replication-404 answers 404 Request_ResourceNotFound", async () => {
      const { put, get } = await early("replication-404");
      for (const response of [put, get]) {
        expect(response.status).toBe(404);
        expect(graphError(response).code).toBe("Request_ResourceNotFound");
      }
    });

    it("replication-400-no-backing-application-object answers 400 Request_BadRequest with a NoBackingApplicationObject detail", async () => {
      const { id, put, get } = await early("replication-400-no-backing-application-object");
      for (const response of [put, get]) {
        expect(response.status).toBe(400);
        const error = graphError(response) as ReturnType<typeof graphError> & { details: Array<Record<string, string>> };
        expect(error.code).toBe("Request_BadRequest");
        expect(error.message).toMatch(/^The appId '[0-9a-f-]{36}' of the service principal does not reference a valid application object\.$/);
        expect(error.details).toEqual([{ code: "NoBackingApplicationObject", message: error.message, target: "appId" }]);
        expect(error.message).not.toContain(id);
      }
    });

    it("replication-403-authorization-denied answers 403 Authorization_RequestDenied", async () => {
      const { put, get } = await early("replication-403-authorization-denied");
      for (const response of [put, get]) {
        expect(response.status).toBe(403);
        expect(graphError(response)).toMatchObject({
          code: "Authorization_RequestDenied",
          message: "Insufficient privileges to complete the operation.",
        });
      }
    });

    it("replication-409-concurrency-violation answers 409 Directory_ConcurrencyViolation", async () => {
      const { put, get } = await early("replication-409-concurrency-violation");
      for (const response of [put, get]) {
        expect(response.status).toBe(409);
        expect(graphError(response).code).toBe("Directory_ConcurrencyViolation");
      }
    });

    it("replication-401-unknown-error answers 401 UnknownError with an OData body and no token challenge", async () => {
      const { put, get } = await early("replication-401-unknown-error");
      for (const response of [put, get]) {
        expect(response.status).toBe(401);
        expect(graphError(response)).toMatchObject({ code: "UnknownError", message: "" });
        expect(graphError(response).innerError["request-id"]).toBe(response.headers["request-id"]);
        expect(response.headers["www-authenticate"]).toBeUndefined();
      }
    });

    it("serves the principal once its window has passed, and a principal's own answer wins over the behaviour's", async () => {
      emulator.applyReading("replication-409-concurrency-violation");
      const id = emulator.createServicePrincipal({ replicationDelayMs: 300, replicationAnswer: "403-authorization-denied" });
      expect((await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }))).status).toBe(403);
      await new Promise((resolve) => setTimeout(resolve, 350));
      expect((await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }))).status).toBe(204);
    });

    it("answers a number of requests instead of a window, whatever the clock says", async () => {
      const id = emulator.createServicePrincipal({ replicationRequests: 2, replicationAnswer: "400-no-backing-application-object" });
      expect((await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }))).status).toBe(400);
      expect((await getSecrets(emulator, token, id)).status).toBe(400);
      expect((await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }))).status).toBe(204);
      for (const replicationRequests of [-1, 1.5]) {
        expect(() => emulator.createServicePrincipal({ replicationRequests })).toThrow("'replicationRequests' must be a whole number >= 0.");
      }
    });

    it("reads the behaviour's answer when the request arrives, not when the principal was created", async () => {
      const id = emulator.createServicePrincipal({ replicationDelayMs: 60_000 });
      emulator.applyReading("replication-403-authorization-denied");
      expect((await getSecrets(emulator, token, id)).status).toBe(403);
    });
  });

  describe("JSON-valued keys", () => {
    it("json-keys-cloud-sync refuses a Domain that is not a JSON object with InvalidDomain, and takes AppKey as JSON", async () => {
      emulator.applyReading("json-keys-cloud-sync");
      const id = emulator.createServicePrincipal();
      const refused = await putSecrets(emulator, token, id, pairs({ Domain: "contoso.com" }));
      expect(refused.status).toBe(400);
      expect(graphError(refused).code).toBe("UnknownError");
      expect(serviceError(refused).code).toBe("InvalidDomain");
      const accepted = await putSecrets(emulator, token, id, pairs({
        Domain: "{\"domain\":\"contoso.com\"}",
        AppKey: "{\"appKeyScenario\":\"AD2AADPasswordHash\"}",
      }));
      expect(accepted.status).toBe(204);
      expect(emulator.storedSecrets(id)).toEqual({
        Domain: "{\"domain\":\"contoso.com\"}",
        AppKey: "{\"appKeyScenario\":\"AD2AADPasswordHash\"}",
      });
    });

    it("json-keys-observed takes any string for Domain and AppKey", async () => {
      const id = emulator.createServicePrincipal();
      expect((await putSecrets(emulator, token, id, pairs({ Domain: "contoso.com", AppKey: "" }))).status).toBe(204);
      expect(emulator.storedSecrets(id)).toEqual({ Domain: "contoso.com" });
    });

    it("json-empty-string-removes removes SyncNotificationSettings sent as \"\"", async () => {
      emulator.applyReading("json-empty-string-removes");
      const id = emulator.createServicePrincipal();
      await putSecrets(emulator, token, id, pairs({ SyncNotificationSettings: "{\"Enabled\":true}", SyncAll: "true" }));
      expect((await putSecrets(emulator, token, id, pairs({ SyncNotificationSettings: "" }))).status).toBe(204);
      expect(emulator.storedSecrets(id)).toEqual({ SyncAll: "true" });
    });

    it("json-empty-object-removes removes a key sent as \"{}\" (any spacing)", async () => {
      emulator.applyReading("json-empty-object-removes");
      const id = emulator.createServicePrincipal();
      await putSecrets(emulator, token, id, pairs({ SyncNotificationSettings: "{\"Enabled\":true}" }));
      expect((await putSecrets(emulator, token, id, pairs({ SyncNotificationSettings: "{ }" }))).status).toBe(204);
      expect(emulator.storedSecrets(id)).toEqual({});
    });

    it("json-empty-object-rejected refuses \"{}\" with InvalidNotificationSettings and keeps the stored value", async () => {
      emulator.applyReading("json-empty-object-rejected");
      const id = emulator.createServicePrincipal();
      await putSecrets(emulator, token, id, pairs({ SyncNotificationSettings: "{\"Enabled\":true}" }));
      const refused = await putSecrets(emulator, token, id, pairs({ SyncNotificationSettings: "{}" }));
      expect(refused.status).toBe(400);
      expect(serviceError(refused).code).toBe("InvalidNotificationSettings");
      expect(emulator.storedSecrets(id)).toEqual({ SyncNotificationSettings: "{\"Enabled\":true}" });
    });

    it("applies a per-key rule over the general reading", async () => {
      emulator.applyReading("json-keys-cloud-sync");
      emulator.configure({ jsonKeyRules: { Domain: { emptyString: "removes" } } });
      const id = emulator.createServicePrincipal();
      await putSecrets(emulator, token, id, pairs({ Domain: "{\"domain\":\"contoso.com\"}", SyncNotificationSettings: "{}" }));
      expect((await putSecrets(emulator, token, id, pairs({ Domain: "" }))).status).toBe(204);
      expect((await putSecrets(emulator, token, id, pairs({ SyncNotificationSettings: "" }))).status).toBe(400);
      expect(emulator.storedSecrets(id)).toEqual({ SyncNotificationSettings: "{}" });
    });
  });

  describe("reading back", () => {
    it("masked-observed-only masks only Password and SecretToken", async () => {
      emulator.applyReading("masked-observed-only");
      const id = emulator.createServicePrincipal();
      emulator.setStoredSecrets(id, { Password: "p", SecretToken: "t", ClientSecret: "c", BaseAddress: "https://a" });
      expect(await valuesOf(id)).toEqual([
        { key: "Password", value: "*" },
        { key: "SecretToken", value: "*" },
        { key: "BaseAddress", value: "https://a" },
        { key: "ClientSecret", value: "c" },
      ]);
    });

    it("masked-every-key masks BaseAddress and SyncAll too", async () => {
      emulator.applyReading("masked-every-key");
      const id = emulator.createServicePrincipal();
      emulator.setStoredSecrets(id, { BaseAddress: "https://a", SyncAll: "true" });
      expect(await valuesOf(id)).toEqual([
        { key: "BaseAddress", value: "*" },
        { key: "SyncAll", value: "*" },
      ]);
    });

    it("json-read-as-written returns a JSON value byte for byte", async () => {
      const id = emulator.createServicePrincipal();
      const written = "{ \"Recipients\": \"ops@contoso.com\",\"Enabled\":true }";
      await putSecrets(emulator, token, id, pairs({ SyncNotificationSettings: written }));
      expect(await valuesOf(id)).toEqual([{ key: "SyncNotificationSettings", value: written }]);
    });

    it("json-read-normalized returns SyncNotificationSettings compact, in the documented field order, with defaults added", async () => {
      emulator.applyReading("json-read-normalized");
      const id = emulator.createServicePrincipal();
      const written = "{ \"Recipients\": \"ops@contoso.com\",\"Enabled\":true }";
      await putSecrets(emulator, token, id, pairs({ SyncNotificationSettings: written, UserName: "{\"b\":1,\"a\":2}" }));
      expect(await valuesOf(id)).toEqual([
        { key: "UserName", value: "{\"b\":1,\"a\":2}" },
        {
          key: "SyncNotificationSettings",
          value: "{\"Enabled\":true,\"Recipients\":\"ops@contoso.com\",\"DeleteThresholdEnabled\":false,\"DeleteThresholdValue\":500}",
        },
      ]);
      // What was written is what is stored; only the answer is normalized.
      expect(emulator.storedSecrets(id)).toMatchObject({ SyncNotificationSettings: written });
    });

    it("json-read-normalized sorts the fields of other JSON-valued keys after their known ones", async () => {
      emulator.applyReading("json-read-normalized");
      emulator.applyReading("json-keys-cloud-sync");
      const id = emulator.createServicePrincipal();
      await putSecrets(emulator, token, id, pairs({ Domain: "{ \"zone\": 1, \"domain\": \"contoso.com\", \"alpha\": true }" }));
      expect(await valuesOf(id)).toEqual([{ key: "Domain", value: "{\"domain\":\"contoso.com\",\"alpha\":true,\"zone\":1}" }]);
    });
  });

  describe("error echo", () => {
    let unprivileged: string;

    beforeAll(() => {
      unprivileged = emulator.issueAccessToken({ roles: [] });
    });

    it("error-echo-none repeats nothing of the request", async () => {
      const id = emulator.createServicePrincipal();
      const denied = await putSecrets(emulator, unprivileged, id, pairs({ SecretToken: "password-value" }));
      expect(denied.status).toBe(401);
      expect(graphError(denied).message).toBe("");
    });

    it("error-echo-truncated-value repeats the first half (at most 8 characters) of a credential's value", async () => {
      emulator.applyReading("error-echo-truncated-value");
      const id = emulator.createServicePrincipal();
      const denied = await putSecrets(emulator, unprivileged, id, pairs({ BaseAddress: "https://scim.example", SecretToken: "password-value" }));
      expect(denied.status).toBe(401);
      expect(graphError(denied).message).toBe("The request included SecretToken 'passwor...'.");
      expect(denied.text).not.toContain("password-value");
    });

    it("error-echo-json-field repeats one field of a JSON value, inside the synchronization service's message too", async () => {
      emulator.applyReading("error-echo-json-field");
      emulator.applyReading("json-keys-cloud-sync");
      const id = emulator.createServicePrincipal();
      const body = pairs({ SyncNotificationSettings: "{\"Enabled\":true,\"Recipients\":\"ops@contoso.com\"}", Domain: "contoso.com" });
      const refused = await putSecrets(emulator, token, id, body);
      expect(refused.status).toBe(400);
      expect(serviceError(refused)).toEqual({
        code: "InvalidDomain",
        message: "The value of Domain is not valid: a JSON object is required. " +
          "The request included SyncNotificationSettings {\"Recipients\":\"ops@contoso.com\"}.",
      });
      const denied = await putSecrets(emulator, unprivileged, id, body);
      expect(graphError(denied).message).toBe("The request included SyncNotificationSettings {\"Recipients\":\"ops@contoso.com\"}.");
    });

    it("echoes nothing on a GET, which carries no pairs", async () => {
      emulator.applyReading("error-echo-truncated-value");
      const denied = await getSecrets(emulator, unprivileged, emulator.createServicePrincipal());
      expect(graphError(denied).message).toBe("");
    });
  });

  describe("throttled requests", () => {
    it("throttled-free: a refused request takes no token, so Retry-After stays at one refill", async () => {
      emulator.setThrottle({ capacity: 1, refillPerSecond: 1 });
      const id = emulator.createServicePrincipal();
      await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }));
      const first = await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }));
      const second = await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }));
      expect([first.status, second.status]).toEqual([429, 429]);
      expect(Number(second.headers["retry-after"])).toBeLessThanOrEqual(1);
    });

    it("throttled-costs-a-token: each refused request takes a token, so retrying early lengthens the wait", async () => {
      emulator.applyReading("throttled-costs-a-token");
      emulator.setThrottle({ capacity: 1, refillPerSecond: 1 });
      const id = emulator.createServicePrincipal();
      await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }));
      const first = await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }));
      const second = await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }));
      expect([first.status, second.status]).toEqual([429, 429]);
      expect(Number(first.headers["retry-after"])).toBeGreaterThan(1.5);
      expect(Number(first.headers["retry-after"])).toBeLessThanOrEqual(2);
      expect(Number(second.headers["retry-after"])).toBeGreaterThan(2.5);
    });
  });

  describe("reading secrets with Application.ReadWrite.OwnedBy", () => {
    let ownerToken: string;
    let id: string;

    beforeAll(() => {
      const owner = emulator.registerApp({ roles: ["Application.ReadWrite.OwnedBy"] });
      ownerToken = emulator.issueAccessToken({ clientId: owner.clientId, roles: owner.roles });
      id = emulator.createServicePrincipal({ owners: [owner.clientId] });
    });

    it("owned-by-reads-secrets lets an owner with OwnedBy read", async () => {
      expect((await getSecrets(emulator, ownerToken, id)).status).toBe(200);
    });

    it("owned-by-cannot-read-secrets denies the read (401 UnknownError) but not the write", async () => {
      emulator.applyReading("owned-by-cannot-read-secrets");
      const denied = await getSecrets(emulator, ownerToken, id);
      expect(denied.status).toBe(401);
      expect(graphError(denied)).toMatchObject({ code: "UnknownError", message: "" });
      expect((await putSecrets(emulator, ownerToken, id, pairs({ SyncAll: "true" }))).status).toBe(204);
      const reader = emulator.issueAccessToken({ roles: ["Synchronization.Read.All"] });
      expect((await getSecrets(emulator, reader, id)).status).toBe(200);
    });

    it("denied-403-authorization-denied answers the refused read with 403", async () => {
      emulator.applyReading("owned-by-cannot-read-secrets");
      emulator.applyReading("denied-403-authorization-denied");
      expect((await getSecrets(emulator, ownerToken, id)).status).toBe(403);
    });
  });

  describe("a bare 404 from something in front of Graph", () => {
    it("answers GET and PUT with an HTML page, no Graph error and no request-id", async () => {
      const id = emulator.createServicePrincipal();
      emulator.injectFault({ kind: "html", count: 2 });
      for (const response of [await getSecrets(emulator, token, id), await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }))]) {
        expect(response.status).toBe(404);
        expect(response.headers["content-type"]).toBe("text/html");
        expect(response.text).toContain("<title>404 Not Found</title>");
        expect(response.json).toBeUndefined();
        expect(response.headers["request-id"]).toBeUndefined();
        expect(response.headers["client-request-id"]).toBeUndefined();
      }
      expect(emulator.storedSecrets(id)).toEqual({});
      expect(emulator.requestLog().map(({ status, fault, operation }) => ({ status, fault, operation }))).toEqual([
        { status: 404, fault: "html", operation: "secrets.get" },
        { status: 404, fault: "html", operation: "secrets.put" },
      ]);
    });

    it("can answer another status, and only the method it names", async () => {
      const id = emulator.createServicePrincipal();
      emulator.injectFault({ kind: "html", status: 502, method: "PUT" });
      expect((await getSecrets(emulator, token, id)).status).toBe(200);
      const put = await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }));
      expect(put.status).toBe(502);
      expect(put.text).toContain("502 Bad Gateway");
    });
  });
});
