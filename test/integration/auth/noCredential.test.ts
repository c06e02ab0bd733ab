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

describe("no credential at all", () => {
  it("falls back to DefaultAzureCredential and then lists what was tried and what is missing", async () => {
    // AZURE_TOKEN_CREDENTIALS narrows the chain to EnvironmentCredential, which finds no AZURE_* variables and gives
    // up without a request; the full chain would probe the managed-identity endpoint and the developer tools.
    const result = await runProbe({ AZURE_TOKEN_CREDENTIALS: "EnvironmentCredential" }, emulatorConfig(emulator));

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result).toMatchObject({
      plan: "defaultChain",
      name: "NoUsableCredentialError",
      defaultChainTried: ["EnvironmentCredential"],
    });
    const lines = result.message.split("\n");
    expect(lines[0]).toBe("No usable credential for Microsoft Graph. Tried, in order:");
    expect(lines).toContain("  - client secret: needs tenantId, clientId, clientSecret");
    expect(lines).toContain("  - OIDC token request (GitHub Actions): needs tenantId, clientId, oidcRequestUrl, oidcRequestToken");
    expect(lines).toContain("  - managed identity: needs useMsi = true");
    expect(lines).toContain("  - DefaultAzureCredential: EnvironmentCredential unavailable");
    expect(lines).toContain(
      "  - clientSecret: graphsync:clientSecret, azuread:clientSecret, ARM_CLIENT_SECRET, AZURE_CLIENT_SECRET",
    );
    expect(result.missingSettings).toEqual([
      "tenantId",
      "clientId",
      "clientCertificatePath",
      "clientSecret",
      "oidcToken",
      "oidcTokenFilePath",
      "oidcRequestUrl",
      "oidcRequestToken",
    ]);
    expect(emulator.requestLog()).toEqual([]);
  });

  it("names only the missing piece when part of a credential is configured, and never the values", async () => {
    const secret = "half-configured-secret-value";
    const result = await runProbe(
      { AZURE_TOKEN_CREDENTIALS: "EnvironmentCredential", ARM_CLIENT_SECRET: secret },
      emulatorConfig(emulator, { "graphsync:clientId": "12345678-1234-4234-8234-123456789012" }),
    );

    expect(result).toMatchObject({ ok: false, name: "NoUsableCredentialError" });
    if (result.ok) return;
    expect(result.message).toContain("  - client secret: needs tenantId\n");
    expect(result.shown).not.toContain(secret);
    expect(result.shown).not.toContain("12345678-1234-4234-8234-123456789012");
  });
});
