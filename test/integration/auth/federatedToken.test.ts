import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { type Emulator, startEmulator } from "../../emulator";
import { createAccessTokenSource } from "../../../provider/auth/tokenSource";
import { claimsOf, emulatorSettings, everythingShown, rejectionOf } from "./authHarness";

let emulator: Emulator;
let directory: string;

beforeAll(async () => {
  [emulator, directory] = await Promise.all([startEmulator({ cloud: "public" }), mkdtemp(join(tmpdir(), "pgs-auth-oidc-"))]);
});

afterAll(async () => {
  await emulator.close();
  await rm(directory, { recursive: true, force: true });
});

beforeEach(() => {
  emulator.reset();
});

/** A GitHub Actions ID token for the cloud's federated audience, as a workflow step would write it to a file. */
async function gitHubIdToken(): Promise<string> {
  const url = `${emulator.githubActions.requestUrl}&audience=${encodeURIComponent(emulator.federatedAudience)}`;
  const response = await fetch(url, { headers: { Authorization: `Bearer ${emulator.githubActions.requestToken}` } });
  const body = (await response.json()) as { value: string };
  return body.value;
}

function federatedApp() {
  return emulator.registerApp({
    federatedCredentials: [{ issuer: emulator.githubActions.issuer, subject: emulator.githubActions.subject }],
  });
}

describe("OIDC token file and OIDC token against the emulator", () => {
  it("exchanges the token in AZURE_FEDERATED_TOKEN_FILE (workload identity)", async () => {
    const app = federatedApp();
    const tokenFile = join(directory, "azure-identity-token");
    await writeFile(tokenFile, `${await gitHubIdToken()}\n`);
    const settings = emulatorSettings(emulator, {}, {
      AZURE_TENANT_ID: emulator.tenantId,
      AZURE_CLIENT_ID: app.clientId,
      AZURE_FEDERATED_TOKEN_FILE: tokenFile,
    });
    expect(settings.credential.kind).toBe("oidcTokenFile");

    const token = await createAccessTokenSource(settings).getAccessToken();

    expect(claimsOf(token)).toMatchObject({ aud: "https://graph.microsoft.com", appid: app.clientId });
    expect(emulator.counters().tokenRequests.federatedAssertion).toBe(1);
  });

  it("exchanges the token file named by azuread:oidcTokenFilePath", async () => {
    const app = federatedApp();
    const tokenFile = join(directory, "azuread-token");
    await writeFile(tokenFile, await gitHubIdToken());
    const settings = emulatorSettings(emulator, {
      "azuread:tenantId": emulator.tenantId,
      "azuread:clientId": app.clientId,
      "azuread:useOidc": "true",
      "azuread:oidcTokenFilePath": tokenFile,
    });
    expect(claimsOf(await createAccessTokenSource(settings).getAccessToken()).appid).toBe(app.clientId);
  });

  it("exchanges a token given as ARM_OIDC_TOKEN", async () => {
    const app = federatedApp();
    const settings = emulatorSettings(emulator, {}, {
      ARM_TENANT_ID: emulator.tenantId,
      ARM_CLIENT_ID: app.clientId,
      ARM_OIDC_TOKEN: await gitHubIdToken(),
    });
    expect(settings.credential.kind).toBe("oidcToken");
    expect(claimsOf(await createAccessTokenSource(settings).getAccessToken()).appid).toBe(app.clientId);
  });

  it("names Entra's code for a token no trusted issuer signed, and never echoes the token", async () => {
    const app = federatedApp();
    const forged = `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify({ iss: "https://forged.example", sub: "x" })).toString("base64url")}.c2ln`;
    const failure = await rejectionOf(
      createAccessTokenSource(
        emulatorSettings(emulator, {}, { ARM_TENANT_ID: emulator.tenantId, ARM_CLIENT_ID: app.clientId, ARM_OIDC_TOKEN: forged }),
      ).getAccessToken(),
    );
    expect(failure).toMatchObject({ name: "AuthenticationFailedError", credential: "oidcToken", clientId: app.clientId });
    expect((failure as { entraCode?: string }).entraCode).toMatch(/^AADSTS\d+$/);
    expect(everythingShown(failure)).not.toContain(forged);
    expect(emulator.counters().tokenRequests.federatedAssertion).toBe(1);
  });
});
