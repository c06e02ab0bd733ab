import { describe, expect, it } from "vitest";

import { renderConfigurationTable } from "../../../scripts/configurationTable";
import { SETTINGS_CATALOGUE, settingKeys } from "../../../provider/settings/catalogue";

describe("settings catalogue", () => {
  it("has one row per setting, each named once", () => {
    const names = SETTINGS_CATALOGUE.map((definition) => definition.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toHaveLength(30);
  });

  it("keys every setting in the graphsync namespace and never reuses a key", () => {
    const keys = SETTINGS_CATALOGUE.flatMap((definition) => settingKeys(definition.name));
    expect(new Set(keys).size).toBe(keys.length);
    for (const definition of SETTINGS_CATALOGUE) {
      expect(definition.configKey).toBe(`graphsync:${definition.name}`);
    }
  });

  it("reads the azuread provider's keys and environment variables", () => {
    expect(settingKeys("tenantId")).toEqual([
      "graphsync:tenantId",
      "azuread:tenantId",
      "ARM_TENANT_ID",
      "AZURE_TENANT_ID",
      "AZURESUBSCRIPTION_TENANT_ID",
    ]);
    expect(settingKeys("cloud")).toEqual(["graphsync:cloud", "azuread:environment", "ARM_ENVIRONMENT"]);
    expect(settingKeys("useOidc")).toEqual(["graphsync:useOidc", "azuread:useOidc", "ARM_USE_OIDC"]);
    // The sign-in settings of azuread's guides (issue #16), with the variables azuread documents.
    expect(settingKeys("clientCertificate")).toEqual(["graphsync:clientCertificate", "azuread:clientCertificate", "ARM_CLIENT_CERTIFICATE"]);
    expect(settingKeys("clientIdFilePath")).toEqual(["graphsync:clientIdFilePath", "azuread:clientIdFilePath", "ARM_CLIENT_ID_FILE_PATH"]);
    expect(settingKeys("clientSecretFilePath")).toEqual([
      "graphsync:clientSecretFilePath", "azuread:clientSecretFilePath", "ARM_CLIENT_SECRET_FILE_PATH",
    ]);
    expect(settingKeys("msiEndpoint")).toEqual(["graphsync:msiEndpoint", "azuread:msiEndpoint", "ARM_MSI_ENDPOINT"]);
    expect(settingKeys("useAksWorkloadIdentity")).toEqual([
      "graphsync:useAksWorkloadIdentity", "azuread:useAksWorkloadIdentity", "ARM_USE_AKS_WORKLOAD_IDENTITY",
    ]);
    expect(settingKeys("sendCertificateChain")).toEqual(["graphsync:sendCertificateChain", "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN"]);
    expect(settingKeys("oidcRequestUrl")).toEqual([
      "graphsync:oidcRequestUrl",
      "azuread:oidcRequestUrl",
      "ARM_OIDC_REQUEST_URL",
      "ACTIONS_ID_TOKEN_REQUEST_URL",
      "SYSTEM_OIDCREQUESTURI",
    ]);
    expect(settingKeys("debug")).toEqual(["graphsync:debug", "GRAPHSYNC_DEBUG"]);
  });

  it("renders a markdown table with a row per setting naming every key", () => {
    const table = renderConfigurationTable();
    const lines = table.trimEnd().split("\n");
    expect(lines[0]).toBe("| Setting | Stack config | `@pulumi/azuread` config | Environment | Default | Description |");
    expect(lines).toHaveLength(SETTINGS_CATALOGUE.length + 2);
    SETTINGS_CATALOGUE.forEach((definition, index) => {
      const line = lines[index + 2] ?? "";
      expect(line.startsWith(`| \`${definition.name}\``)).toBe(true);
      for (const key of settingKeys(definition.name)) {
        expect(line).toContain(`\`${key}\``);
      }
      expect(line.split(" | ")).toHaveLength(6);
    });
    expect(table).toContain("| `clientSecret` (secret) | `graphsync:clientSecret` | `azuread:clientSecret` |");
  });
});
