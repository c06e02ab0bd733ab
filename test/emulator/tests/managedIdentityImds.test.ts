import { ManagedIdentityCredential } from "@azure/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Emulator, startEmulator } from "../index";
import { rawRequest, requireRunCertificateAuthority } from "./support/rawHttps";
import { claimsOf } from "./support/tokenCalls";

/**
 * Variables that would make msal-node pick another managed-identity source before IMDS; cleared so that only the
 * IMDS source is left, and AZURE_POD_IDENTITY_AUTHORITY_HOST sends it to the emulator instead of 169.254.169.254.
 * (msal-node keeps the source it detected for the process; vitest runs each file in a process of its own.)
 */
const COMPETING = ["IDENTITY_ENDPOINT", "IDENTITY_HEADER", "IDENTITY_SERVER_THUMBPRINT", "MSI_ENDPOINT", "MSI_SECRET", "IMDS_ENDPOINT", "AZURE_FEDERATED_TOKEN_FILE"];
const OURS = ["AZURE_POD_IDENTITY_AUTHORITY_HOST"];

describe("managed identity (the instance metadata service's shape, for azuread's msiEndpoint)", () => {
  let emulator: Emulator;
  const saved = new Map<string, string | undefined>();
  const resource = () => encodeURIComponent(emulator.graphAudience);

  beforeAll(async () => {
    requireRunCertificateAuthority();
    emulator = await startEmulator();
    for (const name of [...COMPETING, ...OURS]) saved.set(name, process.env[name]);
    for (const name of COMPETING) delete process.env[name];
    process.env["AZURE_POD_IDENTITY_AUTHORITY_HOST"] = emulator.managedIdentity.imdsHost;
    // The guard the whole file relies on: IMDS requests can only go to the emulator on loopback.
    expect(process.env["AZURE_POD_IDENTITY_AUTHORITY_HOST"]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.managedIdentity.imdsEndpoint).toBe(`${emulator.managedIdentity.imdsHost}/metadata/identity/oauth2/token`);
  });

  afterAll(async () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await emulator.close();
  });

  it("serves the system-assigned identity to ManagedIdentityCredential through AZURE_POD_IDENTITY_AUTHORITY_HOST", async () => {
    const identity = emulator.managedIdentity;
    emulator.grantRoles(identity.clientId, ["Synchronization.ReadWrite.All"]);
    const before = emulator.counters().tokenRequests.managedIdentity;
    const accessToken = await new ManagedIdentityCredential().getToken(emulator.graphScope);
    expect(claimsOf(accessToken.token)).toMatchObject({ appid: identity.clientId, aud: emulator.graphAudience, roles: ["Synchronization.ReadWrite.All"] });
    expect(accessToken.expiresOnTimestamp - Date.now()).toBeGreaterThan(300_000);
    expect(emulator.counters().tokenRequests.managedIdentity).toBe(before + 1);
    const request = emulator.requestLog().find((entry) => entry.path.startsWith("/metadata/identity/oauth2/token"));
    expect(request).toMatchObject({ method: "GET", status: 200, surface: "identity" });
    expect(request?.path).toContain("api-version=2018-02-01");
  });

  it("serves a user-assigned identity selected by client id", async () => {
    const userAssigned = emulator.registerApp({ managedIdentity: true, roles: ["Application.ReadWrite.OwnedBy"] });
    const { token } = await new ManagedIdentityCredential({ clientId: userAssigned.clientId }).getToken(emulator.graphScope);
    expect(claimsOf(token)).toMatchObject({ appid: userAssigned.clientId, roles: ["Application.ReadWrite.OwnedBy"] });
  });

  it("answers as IMDS does: expires_in and expires_on as strings, the resource and the client id", async () => {
    const response = await rawRequest(`${emulator.managedIdentity.imdsEndpoint}?api-version=2018-02-01&resource=${resource()}`, {
      headers: { metadata: "true" },
    });
    expect(response.status).toBe(200);
    const body = response.json as Record<string, string>;
    expect(body).toMatchObject({ resource: emulator.graphAudience, token_type: "Bearer", client_id: emulator.managedIdentity.clientId });
    expect(Number(body["expires_on"]) - Date.now() / 1000).toBeGreaterThan(3500);
    expect(body["expires_in"]).toBe(String(emulator.behaviour.tokenLifetimeSeconds));
  });

  it("refuses a request without the Metadata header", async () => {
    const response = await rawRequest(`${emulator.managedIdentity.imdsEndpoint}?api-version=2018-02-01&resource=${resource()}`);
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ error: "invalid_request", error_description: "Required metadata header not specified" });
  });

  it("refuses a request without api-version, and a client id that is not a managed identity", async () => {
    const withoutVersion = await rawRequest(`${emulator.managedIdentity.imdsEndpoint}?resource=${resource()}`, { headers: { metadata: "true" } });
    expect(withoutVersion.status).toBe(400);
    const ordinary = emulator.registerApp();
    const notAnIdentity = await rawRequest(
      `${emulator.managedIdentity.imdsEndpoint}?api-version=2018-02-01&resource=${resource()}&client_id=${ordinary.clientId}`,
      { headers: { metadata: "true" } },
    );
    expect(notAnIdentity.status).toBe(400);
    expect(notAnIdentity.json).toEqual({ error: "invalid_request", error_description: "Identity not found" });
  });
});
