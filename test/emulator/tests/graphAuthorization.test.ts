import { ClientSecretCredential } from "@azure/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Emulator, startEmulator } from "../index";
import { getSecrets, graphError, pairs, putSecrets } from "./support/graphCalls";
import { requireRunCertificateAuthority } from "./support/rawHttps";

function credentialFor(emulator: Emulator, clientId: string, clientSecret: string | undefined): ClientSecretCredential {
  return new ClientSecretCredential(emulator.tenantId, clientId, clientSecret ?? "", {
    authorityHost: emulator.authorityHost,
    disableInstanceDiscovery: true,
  });
}

describe("Graph authentication and authorization", () => {
  let emulator: Emulator;
  let writer: { clientId: string; token: string };

  beforeAll(async () => {
    requireRunCertificateAuthority();
    emulator = await startEmulator();
    const app = emulator.registerApp({ roles: ["Synchronization.ReadWrite.All"] });
    writer = { clientId: app.clientId, token: (await credentialFor(emulator, app.clientId, app.clientSecret).getToken(emulator.graphScope)).token };
  });

  afterAll(async () => {
    await emulator.close();
  });

  describe("invalid tokens get 401 InvalidAuthenticationToken", () => {
    it("rejects a request without a token", async () => {
      const id = emulator.createServicePrincipal();
      const response = await putSecrets(emulator, "", id, pairs({ SyncAll: "true" }), { authorization: "" });
      expect(response.status).toBe(401);
      expect(graphError(response)).toMatchObject({ code: "InvalidAuthenticationToken", message: "Access token is empty." });
      expect(response.headers["www-authenticate"]).toMatch(/^Bearer /);
    });

    it("rejects a token that is not a JWT", async () => {
      const response = await getSecrets(emulator, "not-a-jwt", emulator.createServicePrincipal());
      expect(response.status).toBe(401);
      expect(graphError(response).code).toBe("InvalidAuthenticationToken");
    });

    it("rejects an expired token", async () => {
      const expired = emulator.issueAccessToken({ clientId: writer.clientId, roles: ["Synchronization.ReadWrite.All"], issuedAt: Date.now() - 7_200_000 });
      const response = await getSecrets(emulator, expired, emulator.createServicePrincipal());
      expect(response.status).toBe(401);
      expect(graphError(response)).toMatchObject({ code: "InvalidAuthenticationToken", message: "Access token has expired or is not yet valid." });
    });

    it("rejects a token whose signature does not verify", async () => {
      const [header, claims] = writer.token.split(".") as [string, string, string];
      const raised = JSON.parse(Buffer.from(claims, "base64url").toString("utf8")) as Record<string, unknown>;
      raised["roles"] = ["Synchronization.ReadWrite.All", "Directory.ReadWrite.All"];
      const tampered = `${header}.${Buffer.from(JSON.stringify(raised)).toString("base64url")}.${writer.token.split(".")[2]}`;
      const response = await getSecrets(emulator, tampered, emulator.createServicePrincipal());
      expect(response.status).toBe(401);
      expect(graphError(response).message).toContain("Signature");
    });

    it("rejects a token signed by another tenant's key", async () => {
      const other = await startEmulator({ tenantId: emulator.tenantId, graphAudience: emulator.graphAudience });
      try {
        const foreign = other.issueAccessToken({ clientId: writer.clientId, roles: ["Synchronization.ReadWrite.All"] });
        const response = await getSecrets(emulator, foreign, emulator.createServicePrincipal());
        expect(response.status).toBe(401);
        expect(graphError(response).code).toBe("InvalidAuthenticationToken");
      } finally {
        await other.close();
      }
    });

    it("rejects a token for another audience", async () => {
      const wrong = emulator.issueAccessToken({ clientId: writer.clientId, roles: ["Synchronization.ReadWrite.All"], audience: "https://graph.microsoft.com" });
      const response = await getSecrets(emulator, wrong, emulator.createServicePrincipal());
      expect(response.status).toBe(401);
      expect(graphError(response)).toMatchObject({ code: "InvalidAuthenticationToken", message: "Access token validation failure. Invalid audience." });
    });
  });

  describe("permissions", () => {
    it("lets Synchronization.ReadWrite.All write and read any service principal", async () => {
      const id = emulator.createServicePrincipal();
      expect((await putSecrets(emulator, writer.token, id, pairs({ SyncAll: "true" }))).status).toBe(204);
      expect((await getSecrets(emulator, writer.token, id)).status).toBe(200);
    });

    it("answers 401 UnknownError with an empty message to an app without permission", async () => {
      const app = emulator.registerApp();
      const token = (await credentialFor(emulator, app.clientId, app.clientSecret).getToken(emulator.graphScope)).token;
      const id = emulator.createServicePrincipal();
      const response = await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }));
      expect(response.status).toBe(401);
      expect(graphError(response)).toMatchObject({ code: "UnknownError", message: "" });
      expect(emulator.storedSecrets(id)).toEqual({});
    });

    it("answers 403 Authorization_RequestDenied instead when switched", async () => {
      const token = emulator.issueAccessToken({ roles: [] });
      emulator.configure({ permissionDenied: "403-authorization-denied" });
      try {
        const response = await getSecrets(emulator, token, emulator.createServicePrincipal());
        expect(response.status).toBe(403);
        expect(graphError(response).code).toBe("Authorization_RequestDenied");
      } finally {
        emulator.configure({ permissionDenied: "401-unknown-error" });
      }
    });

    it("lets Application.ReadWrite.OwnedBy write only to service principals the app owns", async () => {
      const app = emulator.registerApp({ roles: ["Application.ReadWrite.OwnedBy"] });
      const token = (await credentialFor(emulator, app.clientId, app.clientSecret).getToken(emulator.graphScope)).token;
      const owned = emulator.createServicePrincipal({ owners: [app.clientId] });
      const notOwned = emulator.createServicePrincipal();
      expect((await putSecrets(emulator, token, owned, pairs({ SyncAll: "true" }))).status).toBe(204);
      const denied = await putSecrets(emulator, token, notOwned, pairs({ SyncAll: "true" }));
      expect(denied.status).toBe(401);
      expect(graphError(denied).code).toBe("UnknownError");
      emulator.addServicePrincipalOwner(notOwned, app.clientId);
      expect((await putSecrets(emulator, token, notOwned, pairs({ SyncAll: "true" }))).status).toBe(204);
    });

    it("lets Synchronization.Read.All read but not write", async () => {
      const token = emulator.issueAccessToken({ roles: ["Synchronization.Read.All"] });
      const id = emulator.createServicePrincipal();
      expect((await getSecrets(emulator, token, id)).status).toBe(200);
      expect((await putSecrets(emulator, token, id, pairs({ SyncAll: "true" }))).status).toBe(401);
    });

    it("puts granted roles only into tokens issued after the grant", async () => {
      const app = emulator.registerApp();
      const id = emulator.createServicePrincipal();
      const before = (await credentialFor(emulator, app.clientId, app.clientSecret).getToken(emulator.graphScope)).token;
      emulator.grantRoles(app.clientId, ["Synchronization.ReadWrite.All"]);
      expect((await putSecrets(emulator, before, id, pairs({ SyncAll: "true" }))).status).toBe(401);
      const after = (await credentialFor(emulator, app.clientId, app.clientSecret).getToken(emulator.graphScope)).token;
      expect((await putSecrets(emulator, after, id, pairs({ SyncAll: "true" }))).status).toBe(204);
    });
  });

  describe("national clouds", () => {
    it.each([
      ["usgovernment", "https://graph.microsoft.us"],
      ["usgovernmentdod", "https://dod-graph.microsoft.us"],
      ["china", "https://microsoftgraph.chinacloudapi.cn"],
      ["public", "https://graph.microsoft.com"],
    ] as const)("standing in for %s, accepts tokens for %s and refuses another cloud's", async (cloud, graphRoot) => {
      const national = await startEmulator({ cloud });
      try {
        expect(national.graphAudience).toBe(graphRoot);
        const app = national.registerApp({ roles: ["Synchronization.ReadWrite.All"] });
        const credential = credentialFor(national, app.clientId, app.clientSecret);
        const id = national.createServicePrincipal();
        const right = (await credential.getToken(`${graphRoot}/.default`)).token;
        const rightClaims = JSON.parse(Buffer.from(right.split(".")[1] ?? "", "base64url").toString("utf8")) as { aud: string };
        expect(rightClaims.aud).toBe(graphRoot);
        expect((await putSecrets(national, right, id, pairs({ SyncAll: "true" }))).status).toBe(204);
        const otherRoot = graphRoot === "https://graph.microsoft.com" ? "https://graph.microsoft.us" : "https://graph.microsoft.com";
        const wrong = (await credential.getToken(`${otherRoot}/.default`)).token;
        const refused = await putSecrets(national, wrong, id, pairs({ SyncAll: "false" }));
        expect(refused.status).toBe(401);
        expect(graphError(refused).code).toBe("InvalidAuthenticationToken");
        expect(national.storedSecrets(id)).toEqual({ SyncAll: "true" });
      } finally {
        await national.close();
      }
    });

    it("accepts only its own origin as audience when standing in for a custom cloud", async () => {
      expect(emulator.cloud).toBeUndefined();
      expect(emulator.graphAudience).toBe(emulator.origin);
      expect(emulator.graphScope).toBe(`${emulator.origin}/.default`);
    });
  });
});
