import { describe, expect, it } from "vitest";

import { createAccessTokenSource } from "../../../provider/auth/tokenSource";
import { NoUsableCredentialError } from "../../../provider/auth/errors";
import { resolveSettings } from "../../../provider/settings/providerSettings";
import { TENANT, stackConfig } from "../settings/fixtures";

describe("NoUsableCredentialError", () => {
  it("lists every credential tried and where each missing setting can be set", () => {
    const plan = resolveSettings(stackConfig(), {}).credential;
    if (plan.kind !== "defaultChain") throw new Error(`expected the default chain, got ${plan.kind}`);
    const error = new NoUsableCredentialError({ considered: plan.considered, defaultChainTried: ["EnvironmentCredential"] });
    expect(error.name).toBe("NoUsableCredentialError");
    expect(error.message).toBe(
      [
        "No usable credential for Microsoft Graph. Tried, in order:",
        "  - client certificate: needs tenantId, clientId, clientCertificatePath",
        "  - client secret: needs tenantId, clientId, clientSecret",
        "  - OIDC token: needs tenantId, clientId, oidcToken",
        "  - OIDC token file: needs tenantId, clientId, oidcTokenFilePath",
        "  - OIDC token request (GitHub Actions): needs tenantId, clientId, oidcRequestUrl, oidcRequestToken",
        "  - managed identity: needs useMsi = true",
        "  - Azure CLI: needs useCli = true",
        "  - DefaultAzureCredential: EnvironmentCredential unavailable",
        "Missing settings, and where each can be set (first match wins):",
        "  - tenantId: graphsync:tenantId, azuread:tenantId, ARM_TENANT_ID, AZURE_TENANT_ID, AZURESUBSCRIPTION_TENANT_ID",
        "  - clientId: graphsync:clientId, azuread:clientId, ARM_CLIENT_ID, AZURE_CLIENT_ID, AZURESUBSCRIPTION_CLIENT_ID",
        "  - clientCertificatePath: graphsync:clientCertificatePath, azuread:clientCertificatePath, ARM_CLIENT_CERTIFICATE_PATH, AZURE_CLIENT_CERTIFICATE_PATH",
        "  - clientSecret: graphsync:clientSecret, azuread:clientSecret, ARM_CLIENT_SECRET, AZURE_CLIENT_SECRET",
        "  - oidcToken: graphsync:oidcToken, azuread:oidcToken, ARM_OIDC_TOKEN",
        "  - oidcTokenFilePath: graphsync:oidcTokenFilePath, azuread:oidcTokenFilePath, ARM_OIDC_TOKEN_FILE_PATH, AZURE_FEDERATED_TOKEN_FILE",
        "  - oidcRequestUrl: graphsync:oidcRequestUrl, azuread:oidcRequestUrl, ARM_OIDC_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_URL, SYSTEM_OIDCREQUESTURI",
        "  - oidcRequestToken: graphsync:oidcRequestToken, azuread:oidcRequestToken, ARM_OIDC_REQUEST_TOKEN, ACTIONS_ID_TOKEN_REQUEST_TOKEN, SYSTEM_ACCESSTOKEN",
        "See the configuration table in the README of pulumi-graph-sync.",
      ].join("\n"),
    );
    expect(error.missingSettings).toContain("clientSecret");
    expect(error.missingSettings).not.toContain("useMsi");
  });

  it("is what a token request gives when useOidc demands a credential that cannot be built", async () => {
    const settings = resolveSettings(stackConfig({ "graphsync:useOidc": "true", "graphsync:tenantId": TENANT.graphsync }), {});
    const tokens = createAccessTokenSource(settings);
    const failure = await tokens.getAccessToken().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NoUsableCredentialError);
    const message = (failure as Error).message;
    expect(message.split("\n")[0]).toBe("useOidc is true, but no such credential can be built. Tried, in order:");
    expect(message).toContain("  - OIDC token request (GitHub Actions): needs clientId, oidcRequestUrl, oidcRequestToken");
    expect(message).not.toContain(TENANT.graphsync);
    expect((failure as NoUsableCredentialError).missingSettings).not.toContain("tenantId");
  });

  it("says which credential useOidc = false turned off", () => {
    const plan = resolveSettings(stackConfig({ "azuread:useOidc": "false" }), {}).credential;
    if (plan.kind !== "defaultChain") throw new Error(`expected the default chain, got ${plan.kind}`);
    expect(new NoUsableCredentialError({ considered: plan.considered }).message).toContain(
      "  - OIDC token: turned off by useOidc = false",
    );
  });
});
