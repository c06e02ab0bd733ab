import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Emulator, startEmulator } from "../index";
import { getSecrets, graphError, pairs, putSecrets, secretsUrl } from "./support/graphCalls";
import { rawRequest, requireRunCertificateAuthority } from "./support/rawHttps";

describe("Graph synchronization secrets", () => {
  let emulator: Emulator;
  let token: string;

  beforeAll(async () => {
    requireRunCertificateAuthority();
    emulator = await startEmulator();
    const app = emulator.registerApp({ roles: ["Synchronization.ReadWrite.All"] });
    token = emulator.issueAccessToken({ clientId: app.clientId, roles: app.roles });
  });

  afterAll(async () => {
    await emulator.close();
  });

  describe("PUT", () => {
    it("stores the pairs of a {value:[...]} body and answers 204 with no body", async () => {
      const id = emulator.createServicePrincipal();
      const response = await putSecrets(emulator, token, id, pairs({ BaseAddress: "https://scim.example/v2", SecretToken: "t0k3n" }));
      expect(response.status).toBe(204);
      expect(response.text).toBe("");
      expect(emulator.storedSecrets(id)).toEqual({ BaseAddress: "https://scim.example/v2", SecretToken: "t0k3n" });
    });

    it("works the same under /beta", async () => {
      const id = emulator.createServicePrincipal();
      const response = await rawRequest(secretsUrl(emulator, id, "beta"), {
        method: "PUT",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(pairs({ SyncAll: "false" })),
      });
      expect(response.status).toBe(204);
      expect(emulator.storedSecrets(id)).toEqual({ SyncAll: "false" });
    });

    it("refuses a bare array with 400 Empty Payload", async () => {
      const id = emulator.createServicePrincipal();
      const response = await putSecrets(emulator, token, id, [{ key: "BaseAddress", value: "https://x" }]);
      expect(response.status).toBe(400);
      expect(graphError(response)).toMatchObject({ code: "BadRequest", message: "Empty Payload. JSON content expected." });
      expect(emulator.storedSecrets(id)).toEqual({});
    });

    it("refuses an empty body and malformed JSON with 400", async () => {
      const id = emulator.createServicePrincipal();
      const empty = await putSecrets(emulator, token, id, "");
      expect(empty.status).toBe(400);
      expect(graphError(empty).message).toBe("Empty Payload. JSON content expected.");
      const malformed = await putSecrets(emulator, token, id, "{\"value\": [");
      expect(malformed.status).toBe(400);
      expect(graphError(malformed).message).toMatch(/^Unable to read JSON request payload/);
    });

    it("refuses an unknown key name with 400 and stores nothing of that request", async () => {
      const id = emulator.createServicePrincipal();
      const response = await putSecrets(emulator, token, id, pairs({ BaseAddress: "https://x", BaseAdress: "https://y" }));
      expect(response.status).toBe(400);
      expect(graphError(response)).toMatchObject({ code: "BadRequest" });
      expect(graphError(response).message).toContain("'BaseAdress'");
      expect(emulator.storedSecrets(id)).toEqual({});
    });

    it("treats key names as case-sensitive", async () => {
      const id = emulator.createServicePrincipal();
      const response = await putSecrets(emulator, token, id, pairs({ baseaddress: "https://x" }));
      expect(response.status).toBe(400);
    });

    it.each([
      ["a number", 42],
      ["a boolean", true],
      ["an object", { Enabled: true }],
      ["null", null],
    ])("refuses %s as a value with 400", async (_name, value) => {
      const id = emulator.createServicePrincipal();
      const response = await putSecrets(emulator, token, id, { value: [{ key: "SyncAll", value }] });
      expect(response.status).toBe(400);
      expect(graphError(response).code).toBe("BadRequest");
      expect(emulator.storedSecrets(id)).toEqual({});
    });

    it("upserts by key: keys not sent are kept, sent keys are replaced", async () => {
      const id = emulator.createServicePrincipal();
      await putSecrets(emulator, token, id, pairs({ BaseAddress: "https://a", SecretToken: "one" }));
      const response = await putSecrets(emulator, token, id, pairs({ SecretToken: "two", SyncAll: "true" }));
      expect(response.status).toBe(204);
      expect(emulator.storedSecrets(id)).toEqual({ BaseAddress: "https://a", SecretToken: "two", SyncAll: "true" });
    });

    it("removes a plain key PUT as an empty string", async () => {
      const id = emulator.createServicePrincipal();
      await putSecrets(emulator, token, id, pairs({ BaseAddress: "https://a", SecretToken: "one" }));
      await putSecrets(emulator, token, id, pairs({ SecretToken: "" }));
      expect(emulator.storedSecrets(id)).toEqual({ BaseAddress: "https://a" });
    });

    it("refuses an empty SyncNotificationSettings with 400 UnknownError carrying InvalidNotificationSettings as JSON in message", async () => {
      const id = emulator.createServicePrincipal();
      await putSecrets(emulator, token, id, pairs({ SyncNotificationSettings: "{\"Enabled\":true}" }));
      const response = await putSecrets(emulator, token, id, pairs({ SyncNotificationSettings: "", BaseAddress: "https://a" }));
      expect(response.status).toBe(400);
      const error = graphError(response);
      expect(error.code).toBe("UnknownError");
      const inner = JSON.parse(error.message) as { error: { code: string } };
      expect(inner.error.code).toBe("InvalidNotificationSettings");
      expect(emulator.storedSecrets(id)).toEqual({ SyncNotificationSettings: "{\"Enabled\":true}" });
    });

    it("accepts {} for SyncNotificationSettings and keeps the key", async () => {
      const id = emulator.createServicePrincipal();
      await putSecrets(emulator, token, id, pairs({ SyncNotificationSettings: "{\"Enabled\":true}" }));
      const response = await putSecrets(emulator, token, id, pairs({ SyncNotificationSettings: "{}" }));
      expect(response.status).toBe(204);
      expect(emulator.storedSecrets(id)).toEqual({ SyncNotificationSettings: "{}" });
    });

    it("applies the configured set of JSON-valued keys", async () => {
      const id = emulator.createServicePrincipal();
      emulator.configure({ jsonValuedKeys: ["SyncNotificationSettings", "Domain"] });
      try {
        const refused = await putSecrets(emulator, token, id, pairs({ Domain: "contoso.com" }));
        expect(refused.status).toBe(400);
        expect((JSON.parse(graphError(refused).message) as { error: { code: string } }).error.code).toBe("InvalidDomain");
        expect((await putSecrets(emulator, token, id, pairs({ Domain: "{\"domain\":\"contoso.com\"}" }))).status).toBe(204);
      } finally {
        emulator.configure({ jsonValuedKeys: ["SyncNotificationSettings"] });
      }
    });

    it("answers 405 to methods other than GET and PUT", async () => {
      const id = emulator.createServicePrincipal();
      const response = await rawRequest(secretsUrl(emulator, id), { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(405);
      expect(response.headers["allow"]).toBe("GET, PUT");
    });
  });

  describe("GET", () => {
    it("answers {value:[...]} with sensitive keys masked as * and the others in clear", async () => {
      const id = emulator.createServicePrincipal();
      await putSecrets(emulator, token, id, pairs({
        BaseAddress: "https://scim.example", SecretToken: "t", Password: "p", ClientSecret: "c", UserName: "admin",
        SyncNotificationSettings: "{\"Enabled\":false}",
      }));
      const response = await getSecrets(emulator, token, id);
      expect(response.status).toBe(200);
      const body = response.json as { "@odata.context": string; value: Array<{ key: string; value: string }> };
      expect(body["@odata.context"]).toContain("$metadata");
      expect(Object.fromEntries(body.value.map((pair) => [pair.key, pair.value]))).toEqual({
        BaseAddress: "https://scim.example", SecretToken: "*", Password: "*", ClientSecret: "*", UserName: "admin",
        SyncNotificationSettings: "{\"Enabled\":false}",
      });
    });

    it("lists keys in catalogue order whatever the PUT order", async () => {
      const id = emulator.createServicePrincipal();
      await putSecrets(emulator, token, id, pairs({ SyncAll: "true", BaseAddress: "https://a", UserName: "u" }));
      const body = (await getSecrets(emulator, token, id)).json as { value: Array<{ key: string }> };
      expect(body.value.map((pair) => pair.key)).toEqual(["UserName", "BaseAddress", "SyncAll"]);
    });

    it("answers an empty collection for a principal with no secrets", async () => {
      const id = emulator.createServicePrincipal();
      const response = await getSecrets(emulator, token, id);
      expect(response.status).toBe(200);
      expect((response.json as { value: unknown[] }).value).toEqual([]);
    });

    it("pages with an absolute @odata.nextLink at the configured page size", async () => {
      const id = emulator.createServicePrincipal();
      const record = Object.fromEntries(["UserName", "BaseAddress", "SyncAll", "Domain", "Url"].map((key, index) => [key, `v${index}`]));
      emulator.setStoredSecrets(id, record);
      emulator.configure({ pageSize: 2 });
      try {
        const seen: string[] = [];
        let url: string | undefined = secretsUrl(emulator, id);
        let pages = 0;
        while (url !== undefined) {
          const response = await getSecrets(emulator, token, url);
          expect(response.status).toBe(200);
          const body = response.json as { value: Array<{ key: string }>; "@odata.nextLink"?: string };
          expect(body.value.length).toBeLessThanOrEqual(2);
          seen.push(...body.value.map((pair) => pair.key));
          url = body["@odata.nextLink"];
          if (url !== undefined) expect(url.startsWith(`${emulator.origin}/v1.0/servicePrincipals/${id}/synchronization/secrets?`)).toBe(true);
          pages += 1;
        }
        expect(pages).toBe(3);
        expect(seen.sort()).toEqual(Object.keys(record).sort());
      } finally {
        emulator.configure({ pageSize: 100 });
      }
    });

    it("pages at 100 by default", async () => {
      expect(emulator.behaviour.pageSize).toBe(100);
    });

    it("refuses a forged $skiptoken with 400", async () => {
      const id = emulator.createServicePrincipal();
      const response = await getSecrets(emulator, token, `${secretsUrl(emulator, id)}?$skiptoken=garbage`);
      expect(response.status).toBe(400);
    });

    it("masks the configured set of keys", async () => {
      const id = emulator.createServicePrincipal();
      emulator.setStoredSecrets(id, { BaseAddress: "https://a", SecretToken: "t" });
      const before = emulator.behaviour.maskedKeys;
      emulator.configure({ maskedKeys: ["BaseAddress"] });
      try {
        const body = (await getSecrets(emulator, token, id)).json as { value: Array<{ key: string; value: string }> };
        expect(body.value).toEqual([{ key: "SecretToken", value: "t" }, { key: "BaseAddress", value: "*" }]);
      } finally {
        emulator.configure({ maskedKeys: before });
      }
    });
  });

  describe("service principals", () => {
    it("answers 404 Request_ResourceNotFound for an unknown service principal", async () => {
      const response = await getSecrets(emulator, token, "00000000-0000-0000-0000-000000000001");
      expect(response.status).toBe(404);
      expect(graphError(response).code).toBe("Request_ResourceNotFound");
    });

    it("answers 404 for a deleted service principal", async () => {
      const id = emulator.createServicePrincipal();
      expect(emulator.deleteServicePrincipal(id)).toBe(true);
      expect((await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }))).status).toBe(404);
      expect(emulator.storedSecrets(id)).toBeUndefined();
    });

    it("answers 400 for an id that is not a GUID", async () => {
      const response = await getSecrets(emulator, token, "not-a-guid");
      expect(response.status).toBe(400);
      expect(graphError(response).code).toBe("Request_BadRequest");
    });

    it("answers 404 for a just-created principal during its replication window, then serves it", async () => {
      const id = emulator.createServicePrincipal({ replicationDelayMs: 400 });
      const early = await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }));
      expect(early.status).toBe(404);
      expect(graphError(early).code).toBe("Request_ResourceNotFound");
      await new Promise((resolve) => setTimeout(resolve, 450));
      expect((await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }))).status).toBe(204);
    });

    it("applies a global replication window to principals created without their own", async () => {
      emulator.configure({ replicationDelayMs: 60_000 });
      try {
        const id = emulator.createServicePrincipal();
        expect((await getSecrets(emulator, token, id)).status).toBe(404);
        const immediate = emulator.createServicePrincipal({ replicationDelayMs: 0 });
        expect((await getSecrets(emulator, token, immediate)).status).toBe(200);
      } finally {
        emulator.configure({ replicationDelayMs: 0 });
      }
    });

    it("reflects out-of-band edits in GET", async () => {
      const id = emulator.createServicePrincipal();
      await putSecrets(emulator, token, id, pairs({ BaseAddress: "https://a", UserName: "u" }));
      emulator.setStoredSecrets(id, { BaseAddress: "https://changed", UserName: "" });
      const body = (await getSecrets(emulator, token, id)).json as { value: Array<{ key: string; value: string }> };
      expect(body.value).toEqual([{ key: "BaseAddress", value: "https://changed" }]);
    });
  });

  describe("error shape and correlation", () => {
    it("answers every error with code, message and innerError date, request-id, client-request-id", async () => {
      const response = await getSecrets(emulator, token, "00000000-0000-0000-0000-000000000002", { "client-request-id": "corr-1" });
      const error = graphError(response);
      expect(Object.keys(error).sort()).toEqual(["code", "innerError", "message"]);
      expect(error.innerError["request-id"]).toBe(response.headers["request-id"]);
      expect(error.innerError["client-request-id"]).toBe("corr-1");
      expect(error.innerError.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    });

    it("sends request-id on every response and echoes client-request-id", async () => {
      const id = emulator.createServicePrincipal();
      const put = await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }), { "client-request-id": "corr-2" });
      const get = await getSecrets(emulator, token, id);
      expect(put.headers["request-id"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(put.headers["client-request-id"]).toBe("corr-2");
      expect(get.headers["request-id"]).toMatch(/^[0-9a-f-]{36}$/);
      expect(get.headers["request-id"]).not.toBe(put.headers["request-id"]);
      // Without a client-request-id, Graph echoes its own request id.
      expect(get.headers["client-request-id"]).toBe(get.headers["request-id"]);
    });

    it("answers 400 for an unknown Graph segment", async () => {
      const response = await rawRequest(`${emulator.graphEndpoint}/v1.0/servicePrincipals/x/synchronization/secrets/$count`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(400);
      expect(graphError(response).message).toBe("Resource not found for the segment '$count'.");
    });
  });
});

describe("Graph request targets", () => {
  it("answers 400, not a failure, to a malformed percent-escape in the service principal id", async () => {
    requireRunCertificateAuthority();
    const emulator = await startEmulator();
    try {
      const token = emulator.issueAccessToken({ roles: ["Synchronization.ReadWrite.All"] });
      const response = await getSecrets(emulator, token, `${emulator.graphEndpoint}/v1.0/servicePrincipals/%E0%A4%A/synchronization/secrets`);
      expect(response.status).toBe(400);
      expect(graphError(response).code).toBe("Request_BadRequest");
    } finally {
      await emulator.close();
    }
  });
});
