import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { type Emulator, startEmulator } from "../../emulator";
import { createAccessTokenSource } from "../../../provider/auth/tokenSource";
import { OidcTokenRequestError } from "../../../provider/auth/errors";
import { claimsOf, emulatorSettings, everythingShown, rejectionOf } from "./authHarness";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ cloud: "usgovernmentdod" });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  emulator.reset();
});

/** What an Azure Pipelines step sees with the service connection's IDs and `SYSTEM_ACCESSTOKEN` mapped in. */
function pipelineEnv(clientId: string): Record<string, string> {
  return {
    ARM_TENANT_ID: emulator.tenantId,
    ARM_CLIENT_ID: clientId,
    ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID: emulator.azurePipelines.serviceConnectionId,
    SYSTEM_OIDCREQUESTURI: emulator.azurePipelines.requestUri,
    SYSTEM_ACCESSTOKEN: emulator.azurePipelines.systemAccessToken,
  };
}

describe("Azure Pipelines service connection against the emulator", () => {
  it("exchanges the service connection's token for a Graph token of the cloud", async () => {
    const app = emulator.registerApp({
      federatedCredentials: [{ issuer: emulator.azurePipelines.issuer, subject: emulator.azurePipelines.subject }],
    });
    const settings = emulatorSettings(emulator, {}, pipelineEnv(app.clientId));
    expect(settings.credential.kind).toBe("azurePipelines");

    const token = await createAccessTokenSource(settings).getAccessToken();

    expect(claimsOf(token)).toMatchObject({ aud: "https://dod-graph.microsoft.us", appid: app.clientId });
    expect(emulator.counters().tokenRequests.federatedAssertion).toBe(1);
    expect(emulator.counters().tokenRequests.azurePipelinesOidc).toBeGreaterThanOrEqual(1);
    const oidcRequest = emulator.requestLog().find((entry) => entry.path.startsWith("/azure-pipelines/oidctoken"));
    expect(oidcRequest).toMatchObject({ method: "POST", status: 200 });
    expect(oidcRequest?.path).toContain(`api-version=7.1&serviceConnectionId=${emulator.azurePipelines.serviceConnectionId}`);
  });

  it("says what the step needs when the system access token is refused, without the token", async () => {
    const app = emulator.registerApp({
      federatedCredentials: [{ issuer: emulator.azurePipelines.issuer, subject: emulator.azurePipelines.subject }],
    });
    const wrongToken = "expired-system-access-token-value";
    const failure = await rejectionOf(
      createAccessTokenSource(
        emulatorSettings(emulator, {}, { ...pipelineEnv(app.clientId), SYSTEM_ACCESSTOKEN: wrongToken }),
      ).getAccessToken(),
    );
    expect(failure).toBeInstanceOf(OidcTokenRequestError);
    expect(failure.message).toContain("(from SYSTEM_OIDCREQUESTURI) answered HTTP 401");
    expect(failure.message).toContain("map `SYSTEM_ACCESSTOKEN: $(System.AccessToken)` into the step");
    expect(everythingShown(failure)).not.toContain(wrongToken);
  });
});
