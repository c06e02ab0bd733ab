import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AzurePipelinesCredential, ClientAssertionCredential, WorkloadIdentityCredential } from "@azure/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Emulator, startEmulator } from "../index";
import { rawRequest, requireRunCertificateAuthority } from "./support/rawHttps";
import { claimsOf, requestToken } from "./support/tokenCalls";

/** What a workflow step does: GET ACTIONS_ID_TOKEN_REQUEST_URL&audience=... with the request token. */
async function gitHubIdToken(emulator: Emulator, audience: string): Promise<string> {
  const response = await rawRequest(`${emulator.githubActions.requestUrl}&audience=${encodeURIComponent(audience)}`, {
    headers: { authorization: `Bearer ${emulator.githubActions.requestToken}` },
  });
  expect(response.status).toBe(200);
  return (response.json as { value: string }).value;
}

const options = (emulator: Emulator) => ({ authorityHost: emulator.authorityHost, disableInstanceDiscovery: true });

describe("Entra ID: federated assertions", () => {
  let emulator: Emulator;
  let directory: string;

  beforeAll(async () => {
    requireRunCertificateAuthority();
    emulator = await startEmulator();
    directory = await mkdtemp(join(tmpdir(), "pgs-emulator-federated-"));
  });

  afterAll(async () => {
    await emulator.close();
    await rm(directory, { recursive: true, force: true });
  });

  describe("the fake GitHub Actions OIDC endpoint", () => {
    it("hands out a request URL that already has a query string", () => {
      expect(new URL(emulator.githubActions.requestUrl).search).not.toBe("");
    });

    it("issues an ID token with the issuer, subject and requested audience", async () => {
      emulator.githubActions.setSubject("repo:contoso/infrastructure:environment:prod");
      const token = await gitHubIdToken(emulator, "api://AzureADTokenExchange");
      expect(claimsOf(token)).toMatchObject({
        iss: emulator.githubActions.issuer,
        sub: "repo:contoso/infrastructure:environment:prod",
        aud: "api://AzureADTokenExchange",
        repository: "contoso/infrastructure",
      });
      emulator.githubActions.setSubject("repo:contoso/infrastructure:ref:refs/heads/main");
    });

    it("refuses a request without the runner's request token", async () => {
      const response = await rawRequest(`${emulator.githubActions.requestUrl}&audience=x`, { headers: { authorization: "Bearer guess" } });
      expect(response.status).toBe(401);
      expect(response.text).not.toContain("eyJ");
    });

    it("serves its discovery document and keys", async () => {
      const discovery = await rawRequest(`${emulator.githubActions.issuer}/.well-known/openid-configuration`);
      expect(discovery.json).toMatchObject({ issuer: emulator.githubActions.issuer, jwks_uri: `${emulator.githubActions.issuer}/.well-known/jwks` });
    });
  });

  describe("ClientAssertionCredential fed by the GitHub endpoint", () => {
    it("gets a token when issuer, audience and subject match the app's federated credential", async () => {
      const app = emulator.registerApp({
        federatedCredentials: [{ issuer: emulator.githubActions.issuer, subject: emulator.githubActions.subject }],
        roles: ["Synchronization.ReadWrite.All"],
      });
      expect(app.clientSecret).toBeUndefined();
      expect(app.federatedCredentials[0]?.audience).toBe("api://AzureADTokenExchange");
      const before = emulator.counters().tokenRequests.federatedAssertion;
      const credential = new ClientAssertionCredential(emulator.tenantId, app.clientId, () => gitHubIdToken(emulator, "api://AzureADTokenExchange"), options(emulator));
      const { token } = await credential.getToken(emulator.graphScope);
      expect(claimsOf(token)).toMatchObject({ appid: app.clientId, roles: ["Synchronization.ReadWrite.All"], aud: emulator.graphAudience });
      expect(emulator.counters().tokenRequests.federatedAssertion).toBe(before + 1);
    });

    it("refuses a subject the app does not trust (AADSTS700213)", async () => {
      const app = emulator.registerApp({ federatedCredentials: [{ issuer: emulator.githubActions.issuer, subject: "repo:contoso/other:ref:refs/heads/main" }] });
      const credential = new ClientAssertionCredential(emulator.tenantId, app.clientId, () => gitHubIdToken(emulator, "api://AzureADTokenExchange"), options(emulator));
      await expect(credential.getToken(emulator.graphScope)).rejects.toThrow(/AADSTS700213/);
    });

    it("refuses another audience (AADSTS700212)", async () => {
      const app = emulator.registerApp({ federatedCredentials: [{ issuer: emulator.githubActions.issuer, subject: emulator.githubActions.subject }] });
      const credential = new ClientAssertionCredential(emulator.tenantId, app.clientId, () => gitHubIdToken(emulator, "api://AzureADTokenExchangeUSGov"), options(emulator));
      await expect(credential.getToken(emulator.graphScope)).rejects.toThrow(/AADSTS700212/);
    });

    it("refuses an issuer the app has no federated credential for (AADSTS700211)", async () => {
      const app = emulator.registerApp({ federatedCredentials: [{ issuer: "https://token.actions.githubusercontent.com", subject: emulator.githubActions.subject }] });
      const credential = new ClientAssertionCredential(emulator.tenantId, app.clientId, () => gitHubIdToken(emulator, "api://AzureADTokenExchange"), options(emulator));
      await expect(credential.getToken(emulator.graphScope)).rejects.toThrow(/AADSTS700211/);
    });

    it("refuses an assertion not signed by the emulator's GitHub endpoint", async () => {
      const app = emulator.registerApp({ federatedCredentials: [{ issuer: emulator.githubActions.issuer, subject: emulator.githubActions.subject }] });
      const genuine = await gitHubIdToken(emulator, "api://AzureADTokenExchange");
      // Same claims, signed by the tenant's key instead: right shape, wrong signer.
      const forgedSignature = emulator.issueAccessToken().split(".")[2];
      const [header, claims] = genuine.split(".") as [string, string];
      const response = await requestToken(emulator, {
        grant_type: "client_credentials", client_id: app.clientId, scope: emulator.graphScope,
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: `${header}.${claims}.${forgedSignature}`,
      });
      expect(response.status).toBe(401);
      expect(response.json).toMatchObject({ error: "invalid_client", error_codes: [700027] });
    });
  });

  it("WorkloadIdentityCredential reads the GitHub token from a file and gets a token", async () => {
    const app = emulator.registerApp({ federatedCredentials: [{ issuer: emulator.githubActions.issuer, subject: emulator.githubActions.subject }] });
    const tokenFilePath = join(directory, "federated-token");
    await writeFile(tokenFilePath, await gitHubIdToken(emulator, "api://AzureADTokenExchange"));
    const credential = new WorkloadIdentityCredential({ tenantId: emulator.tenantId, clientId: app.clientId, tokenFilePath, ...options(emulator) });
    const { token } = await credential.getToken(emulator.graphScope);
    expect(claimsOf(token)["appid"]).toBe(app.clientId);
  });

  it("AzurePipelinesCredential gets a token through the fake Pipelines OIDC endpoint", async () => {
    const pipelines = emulator.azurePipelines;
    const app = emulator.registerApp({ federatedCredentials: [{ issuer: pipelines.issuer, subject: pipelines.subject }] });
    const previous = process.env["SYSTEM_OIDCREQUESTURI"];
    process.env["SYSTEM_OIDCREQUESTURI"] = pipelines.requestUri;
    try {
      const before = emulator.counters().tokenRequests.azurePipelinesOidc;
      const credential = new AzurePipelinesCredential(emulator.tenantId, app.clientId, pipelines.serviceConnectionId, pipelines.systemAccessToken, options(emulator));
      const { token } = await credential.getToken(emulator.graphScope);
      expect(claimsOf(token)["appid"]).toBe(app.clientId);
      // msal-node may ask for the assertion more than once per token; at least one request reached the endpoint.
      expect(emulator.counters().tokenRequests.azurePipelinesOidc).toBeGreaterThan(before);
      const wrongConnection = new AzurePipelinesCredential(emulator.tenantId, app.clientId, "44444444-4444-4444-4444-444444444444", pipelines.systemAccessToken, options(emulator));
      await expect(wrongConnection.getToken(emulator.graphScope)).rejects.toThrow();
    } finally {
      if (previous === undefined) delete process.env["SYSTEM_OIDCREQUESTURI"];
      else process.env["SYSTEM_OIDCREQUESTURI"] = previous;
    }
  });

  it("expects the national-cloud federated audience when standing in for US Government", async () => {
    const usgov = await startEmulator({ cloud: "usgovernment" });
    try {
      const app = usgov.registerApp({ federatedCredentials: [{ issuer: usgov.githubActions.issuer, subject: usgov.githubActions.subject }] });
      expect(app.federatedCredentials[0]?.audience).toBe("api://AzureADTokenExchangeUSGov");
      const publicAudience = new ClientAssertionCredential(usgov.tenantId, app.clientId, () => gitHubIdToken(usgov, "api://AzureADTokenExchange"), options(usgov));
      await expect(publicAudience.getToken(usgov.graphScope)).rejects.toThrow(/AADSTS700212/);
      const govAudience = new ClientAssertionCredential(usgov.tenantId, app.clientId, () => gitHubIdToken(usgov, "api://AzureADTokenExchangeUSGov"), options(usgov));
      expect(claimsOf((await govAudience.getToken(usgov.graphScope)).token)["aud"]).toBe("https://graph.microsoft.us");
    } finally {
      await usgov.close();
    }
  });
});
