import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { type Emulator, startEmulator } from "../../emulator";
import { createAccessTokenSource } from "../../../provider/auth/tokenSource";
import { OidcTokenRequestError } from "../../../provider/auth/errors";
import { claimsOf, emulatorSettings, everythingShown, graphStatus, rejectionOf } from "./authHarness";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ cloud: "usgovernment" });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  emulator.reset();
  emulator.configure({ tokenLifetimeSeconds: 3599 });
  emulator.githubActions.setSubject("repo:contoso/infrastructure:ref:refs/heads/main");
});

/** The variables a GitHub Actions job with `id-token: write` has, plus the app's IDs as ARM_ variables. */
function runnerEnv(clientId: string): Record<string, string> {
  return {
    ARM_TENANT_ID: emulator.tenantId,
    ARM_CLIENT_ID: clientId,
    ACTIONS_ID_TOKEN_REQUEST_URL: emulator.githubActions.requestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.githubActions.requestToken,
  };
}

function federatedApp(subject = emulator.githubActions.subject) {
  return emulator.registerApp({
    federatedCredentials: [{ issuer: emulator.githubActions.issuer, subject }],
    roles: ["Synchronization.ReadWrite.All"],
  });
}

describe("GitHub Actions OIDC against the emulator", () => {
  it("exchanges a GitHub token with the cloud's audience for a Graph token Graph accepts", async () => {
    const app = federatedApp();
    const servicePrincipalId = emulator.createServicePrincipal();
    const settings = emulatorSettings(emulator, {}, runnerEnv(app.clientId));
    expect(settings.credential.kind).toBe("githubActions");
    expect(settings.oidcAudience).toBe("api://AzureADTokenExchangeUSGov");

    const token = await createAccessTokenSource(settings).getAccessToken();

    expect(claimsOf(token)).toMatchObject({ aud: "https://graph.microsoft.us", appid: app.clientId });
    expect(await graphStatus(emulator, token, servicePrincipalId)).toBe(200);
    const counts = emulator.counters().tokenRequests;
    expect(counts.federatedAssertion).toBe(1);
    // msal-node 7 asks for the assertion twice per token request (request and client configuration); one is sent.
    expect(counts.githubActionsOidc).toBeGreaterThanOrEqual(1);
    const oidcRequest = emulator.requestLog().find((entry) => entry.path.startsWith("/github-actions/idtoken"));
    expect(oidcRequest?.path).toContain("?api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchangeUSGov");
  });

  it("fetches a fresh GitHub token for every assertion", async () => {
    // Access tokens that live 20 s are never worth caching (MSAL renews within 5 minutes of expiry), so every
    // getAccessToken makes Entra ask for a new assertion.
    emulator.configure({ tokenLifetimeSeconds: 20 });
    const app = federatedApp();
    const tokens = createAccessTokenSource(emulatorSettings(emulator, {}, runnerEnv(app.clientId)));

    await tokens.getAccessToken();
    await tokens.getAccessToken();
    await tokens.getAccessToken();

    const counts = emulator.counters().tokenRequests;
    expect(counts.federatedAssertion).toBe(3);
    expect(counts.githubActionsOidc).toBeGreaterThanOrEqual(3);
  });

  it("uses graphsync:oidcRequestUrl and oidcRequestToken from stack config with useOidc", async () => {
    const app = federatedApp();
    const settings = emulatorSettings(emulator, {
      "graphsync:useOidc": "true",
      "graphsync:tenantId": emulator.tenantId,
      "graphsync:clientId": app.clientId,
      "graphsync:oidcRequestUrl": emulator.githubActions.requestUrl,
      "graphsync:oidcRequestToken": emulator.githubActions.requestToken,
    });
    expect(claimsOf(await createAccessTokenSource(settings).getAccessToken()).appid).toBe(app.clientId);
  });

  it("explains a subject no federated credential matches with AADSTS700213", async () => {
    const app = federatedApp("repo:contoso/infrastructure:environment:production");
    const failure = await rejectionOf(createAccessTokenSource(emulatorSettings(emulator, {}, runnerEnv(app.clientId))).getAccessToken());
    expect(failure).toMatchObject({
      name: "AuthenticationFailedError",
      credential: "githubActions",
      entraCode: "AADSTS700213",
      clientId: app.clientId,
      tenantId: emulator.tenantId,
    });
    expect(failure.message).toContain("no federated identity credential matches the token's subject");
    expect(failure.message).toContain("repo:contoso/infrastructure:ref:refs/heads/main");
    expect(everythingShown(failure)).not.toContain(emulator.githubActions.requestToken);
  });

  it("explains an audience the federated credential does not expect with AADSTS700212", async () => {
    const app = federatedApp();
    const failure = await rejectionOf(
      createAccessTokenSource(
        emulatorSettings(emulator, { "graphsync:oidcAudience": "api://AzureADTokenExchange" }, runnerEnv(app.clientId)),
      ).getAccessToken(),
    );
    expect(failure).toMatchObject({ entraCode: "AADSTS700212" });
    expect(failure.message).toContain("give the federated credential the audience requested (oidcAudience)");
  });

  it("says what the job needs when GitHub refuses the request token, without the token", async () => {
    const app = federatedApp();
    const staleToken = "stale-runner-request-token-value";
    const failure = await rejectionOf(
      createAccessTokenSource(
        emulatorSettings(emulator, {}, { ...runnerEnv(app.clientId), ACTIONS_ID_TOKEN_REQUEST_TOKEN: staleToken }),
      ).getAccessToken(),
    );
    expect(failure).toBeInstanceOf(OidcTokenRequestError);
    expect(failure).toMatchObject({ statusCode: 401, endpoint: `${emulator.origin}/github-actions/idtoken` });
    expect(failure.message).toBe(
      `The OIDC token endpoint ${emulator.origin}/github-actions/idtoken (from ACTIONS_ID_TOKEN_REQUEST_URL) answered ` +
        "HTTP 401. In GitHub Actions the job needs `permissions: id-token: write`, and the request token must be current.",
    );
    expect(everythingShown(failure)).not.toContain(staleToken);
    expect(emulator.counters().tokenRequests.federatedAssertion).toBe(0);
  });
});
