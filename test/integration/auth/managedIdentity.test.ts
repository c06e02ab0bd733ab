import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type Emulator, startEmulator } from "../../emulator";
import { emulatorConfig } from "./authHarness";
import { runProbe } from "./probe/runProbe";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ cloud: "public" });
});

afterAll(async () => {
  await emulator.close();
});

/** App Service's managed-identity variables, pointed at the emulator's plain-http loopback listener. */
function appServiceEnv(): Record<string, string> {
  const endpoint = new URL(emulator.managedIdentity.endpoint);
  // Never point a managed-identity credential anywhere but loopback.
  expect(endpoint.hostname).toBe("127.0.0.1");
  return { IDENTITY_ENDPOINT: endpoint.href, IDENTITY_HEADER: emulator.managedIdentity.identityHeader };
}

describe("managed identity against the emulator (App Service endpoint)", () => {
  it("gets a Graph token for the system-assigned identity when useMsi is true", async () => {
    emulator.grantRoles(emulator.managedIdentity.clientId, ["Synchronization.ReadWrite.All"]);
    emulator.reset();

    const result = await runProbe({ ...appServiceEnv(), ARM_USE_MSI: "true" }, emulatorConfig(emulator));

    expect(result).toMatchObject({
      ok: true,
      plan: "managedIdentity",
      claims: { aud: "https://graph.microsoft.com", appid: emulator.managedIdentity.clientId },
    });
    expect(emulator.counters().tokenRequests.managedIdentity).toBe(1);
    const request = emulator.requestLog().find((entry) => entry.path.startsWith("/msi/token"));
    expect(request?.path).toContain("resource=https%3A%2F%2Fgraph.microsoft.com");
  });

  it("gets a token for a user-assigned identity named by graphsync:msiClientId", async () => {
    const identity = emulator.registerApp({ managedIdentity: true, roles: ["Synchronization.ReadWrite.All"] });
    emulator.reset();

    const result = await runProbe(appServiceEnv(), emulatorConfig(emulator, { "graphsync:useMsi": "true", "graphsync:msiClientId": identity.clientId }));

    expect(result).toMatchObject({ ok: true, plan: "managedIdentity", claims: { appid: identity.clientId } });
    const request = emulator.requestLog().find((entry) => entry.path.startsWith("/msi/token"));
    expect(request?.path).toContain(`client_id=${identity.clientId}`);
  });
});
