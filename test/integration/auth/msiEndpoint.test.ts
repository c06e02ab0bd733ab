import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator";
import { emulatorConfig } from "./authHarness";
import { runProbe } from "./probe/runProbe";

// azuread's msiEndpoint: the managed identity's token endpoint in the instance metadata service's shape. Each case runs
// in a fresh process (runProbe), whose only managed-identity source is IMDS and whose guard sends any IMDS request the
// provider does not redirect to a closed loopback port, never to 169.254.169.254.

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ cloud: "public" });
});

afterAll(async () => {
  await emulator.close();
});

describe("managed identity through msiEndpoint", () => {
  it("gets a Graph token from the endpoint ARM_MSI_ENDPOINT names", async () => {
    const endpoint = new URL(emulator.managedIdentity.imdsEndpoint);
    expect(endpoint.hostname).toBe("127.0.0.1");
    emulator.grantRoles(emulator.managedIdentity.clientId, ["Synchronization.ReadWrite.All"]);
    emulator.reset();

    const result = await runProbe({ ARM_USE_MSI: "true", ARM_MSI_ENDPOINT: endpoint.href }, emulatorConfig(emulator));

    expect(result).toMatchObject({ ok: true, plan: "managedIdentity", claims: { appid: emulator.managedIdentity.clientId } });
    const requests = emulator.requestLog().filter((entry) => entry.path.startsWith("/metadata/identity/oauth2/token"));
    expect(requests.map((entry) => entry.status)).toEqual([200]);
    expect(requests[0]?.path).toContain("resource=https%3A%2F%2Fgraph.microsoft.com");
  });

  it("without msiEndpoint, reaches nothing but the probe's closed guard port (the control case)", async () => {
    emulator.reset();
    const result = await runProbe({ ARM_USE_MSI: "true" }, emulatorConfig(emulator));
    expect(result).toMatchObject({ ok: false });
    expect(emulator.requestLog().filter((entry) => entry.surface === "identity")).toEqual([]);
  });

  it("refuses an endpoint that is not an instance metadata token endpoint, naming the setting", async () => {
    const result = await runProbe({ ARM_USE_MSI: "true", ARM_MSI_ENDPOINT: `${emulator.managedIdentity.imdsHost}/msi/token` }, emulatorConfig(emulator));
    expect(result).toMatchObject({ ok: false });
    expect(JSON.stringify(result)).toContain("ARM_MSI_ENDPOINT (setting msiEndpoint) must be an http(s) URL of an instance metadata token endpoint");
  });
});
