import { ManagedIdentityCredential } from "@azure/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Emulator, startEmulator } from "../index";
import { pairs, putSecrets } from "./support/graphCalls";
import { rawRequest, requireRunCertificateAuthority } from "./support/rawHttps";
import { claimsOf } from "./support/tokenCalls";

/**
 * Variables that would make msal-node pick another managed-identity source (or the token-exchange path) before
 * App Service; cleared so only IDENTITY_ENDPOINT + IDENTITY_HEADER decide, and nothing can reach for IMDS.
 */
const COMPETING = ["IDENTITY_SERVER_THUMBPRINT", "AZURE_FEDERATED_TOKEN_FILE", "MSI_ENDPOINT", "MSI_SECRET", "IMDS_ENDPOINT"];
const OURS = ["IDENTITY_ENDPOINT", "IDENTITY_HEADER"];

describe("managed identity (App Service endpoint)", () => {
  let emulator: Emulator;
  const saved = new Map<string, string | undefined>();

  beforeAll(async () => {
    requireRunCertificateAuthority();
    emulator = await startEmulator();
    for (const name of [...COMPETING, ...OURS]) saved.set(name, process.env[name]);
    for (const name of COMPETING) delete process.env[name];
    process.env["IDENTITY_ENDPOINT"] = emulator.managedIdentity.endpoint;
    process.env["IDENTITY_HEADER"] = emulator.managedIdentity.identityHeader;
    // The guard the whole file relies on: only the loopback App Service endpoint can be selected.
    expect(process.env["IDENTITY_ENDPOINT"]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/msi\/token$/);
  });

  afterAll(async () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await emulator.close();
  });

  it("serves the system-assigned identity to ManagedIdentityCredential over plain http on loopback", async () => {
    const identity = emulator.managedIdentity;
    emulator.grantRoles(identity.clientId, ["Synchronization.ReadWrite.All"]);
    const before = emulator.counters().tokenRequests.managedIdentity;
    const credential = new ManagedIdentityCredential();
    const accessToken = await credential.getToken(emulator.graphScope);
    expect(accessToken.expiresOnTimestamp - Date.now()).toBeGreaterThan(300_000);
    expect(claimsOf(accessToken.token)).toMatchObject({ appid: identity.clientId, aud: emulator.graphAudience, roles: ["Synchronization.ReadWrite.All"] });
    expect(emulator.counters().tokenRequests.managedIdentity).toBe(before + 1);
    const id = emulator.createServicePrincipal();
    expect((await putSecrets(emulator, accessToken.token, id, pairs({ SyncAll: "true" }))).status).toBe(204);
    const request = emulator.requestLog().find((entry) => entry.path.startsWith("/msi/token"));
    expect(request).toMatchObject({ method: "GET", status: 200, surface: "identity" });
    expect(request?.path).toContain("api-version=2019-08-01");
  });

  it("serves a user-assigned identity selected by client id", async () => {
    const userAssigned = emulator.registerApp({ managedIdentity: true, roles: ["Application.ReadWrite.OwnedBy"] });
    const credential = new ManagedIdentityCredential({ clientId: userAssigned.clientId });
    const { token } = await credential.getToken(emulator.graphScope);
    expect(claimsOf(token)).toMatchObject({ appid: userAssigned.clientId, roles: ["Application.ReadWrite.OwnedBy"] });
  });

  it("refuses a request without the identity header", async () => {
    const response = await rawRequest(`${emulator.managedIdentity.endpoint}?api-version=2019-08-01&resource=${encodeURIComponent(emulator.graphAudience)}`, {
      headers: { "x-identity-header": "guess" },
    });
    expect(response.status).toBe(401);
    expect(response.text).not.toContain("access_token");
  });

  it("refuses a client id that is not a managed identity", async () => {
    const ordinary = emulator.registerApp();
    const response = await rawRequest(
      `${emulator.managedIdentity.endpoint}?api-version=2019-08-01&resource=${encodeURIComponent(emulator.graphAudience)}&client_id=${ordinary.clientId}`,
      { headers: { "x-identity-header": emulator.managedIdentity.identityHeader } },
    );
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ error: "invalid_request" });
  });

  it("answers with expires_on in epoch seconds and the resource", async () => {
    const response = await rawRequest(`${emulator.managedIdentity.endpoint}?api-version=2019-08-01&resource=${encodeURIComponent(emulator.graphAudience)}`, {
      headers: { "x-identity-header": emulator.managedIdentity.identityHeader },
    });
    expect(response.status).toBe(200);
    const body = response.json as { expires_on: string; resource: string; token_type: string };
    expect(body.resource).toBe(emulator.graphAudience);
    expect(body.token_type).toBe("Bearer");
    expect(Number(body.expires_on) - Date.now() / 1000).toBeGreaterThan(3500);
  });

  it("serves only the managed-identity path on the plain http listener", async () => {
    const response = await rawRequest(`${new URL(emulator.managedIdentity.endpoint).origin}/${emulator.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(response.status).toBe(404);
  });
});
