import { describe, expect, it } from "vitest";
import { resolveSettings } from "../../../provider/settings/providerSettings";
import { CLIENT, stackConfig, TENANT } from "./fixtures";

// What azuread derives rather than reads as given (issue #16): values from files, AKS workload identity and msiEndpoint.

const files = (contents: Record<string, string>) => (path: string): Buffer => {
  const text = contents[path];
  if (text === undefined) throw Object.assign(new Error(`no such file: ${path}`), { code: "ENOENT" });
  return Buffer.from(text);
};
const plan = (config: Record<string, string>, env: Record<string, string>, contents: Record<string, string> = {}) =>
  resolveSettings(stackConfig(config), env, files(contents)).credential;

describe("settings read from files", () => {
  it("reads clientId and clientSecret from the files their *FilePath settings name, trimmed", () => {
    const found = plan({ "azuread:clientIdFilePath": "/run/id", "azuread:clientSecretFilePath": "/run/secret" }, { ARM_TENANT_ID: TENANT.arm }, {
      "/run/id": `  ${CLIENT.azuread}\n`,
      "/run/secret": "mounted-secret-value\n",
    });
    expect(found).toMatchObject({ kind: "clientSecret", clientId: CLIENT.azuread, clientSecret: "mounted-secret-value" });
    expect(found.sources).toMatchObject({ clientId: "azuread:clientIdFilePath (file)", clientSecret: "azuread:clientSecretFilePath (file)" });
  });

  it("takes the value or the file by precedence: ours over azuread's over ARM_*, and a file at the same level must agree", () => {
    const env = { ARM_TENANT_ID: TENANT.arm, ARM_CLIENT_ID: CLIENT.arm, ARM_CLIENT_SECRET_FILE_PATH: "/run/secret" };
    expect(plan({ "graphsync:clientSecret": "ours" }, env)).toMatchObject({ clientSecret: "ours" });
    expect(plan({}, { ...env, AZURE_CLIENT_SECRET: "identity-variable" }, { "/run/secret": "from-file" })).toMatchObject({ clientSecret: "from-file" });
    expect(plan({}, { ...env, ARM_CLIENT_SECRET: "same" }, { "/run/secret": "same" })).toMatchObject({ clientSecret: "same" });
    expect(() => plan({}, { ...env, ARM_CLIENT_SECRET: "one-value" }, { "/run/secret": "another-value" })).toThrow(
      "The file ARM_CLIENT_SECRET_FILE_PATH (setting clientSecretFilePath) names and ARM_CLIENT_SECRET disagree",
    );
  });

  it("names the setting of a file that is missing or empty, never its content", () => {
    expect(() => plan({ "graphsync:clientIdFilePath": "/nowhere" }, {})).toThrow(
      "graphsync:clientIdFilePath (setting clientIdFilePath) names a file that cannot be read (ENOENT).",
    );
    expect(() => plan({ "graphsync:clientSecretFilePath": "/empty" }, { ARM_TENANT_ID: TENANT.arm, ARM_CLIENT_ID: CLIENT.arm }, { "/empty": " \n" })).toThrow(
      "graphsync:clientSecretFilePath (setting clientSecretFilePath) names an empty file.",
    );
  });
});

describe("AKS workload identity", () => {
  const injected = { AZURE_TENANT_ID: TENANT.azure, AZURE_CLIENT_ID: CLIENT.azure, AZURE_FEDERATED_TOKEN_FILE: "/var/run/secrets/azure/tokens/azure-identity-token" };

  it("takes the tenant, client and token file AKS injects, ahead of ARM_* values that are not set", () => {
    expect(plan({ "azuread:useAksWorkloadIdentity": "true" }, injected)).toMatchObject({
      kind: "oidcTokenFile",
      tenantId: TENANT.azure,
      clientId: CLIENT.azure,
      oidcTokenFilePath: injected.AZURE_FEDERATED_TOKEN_FILE,
      sources: { tenantId: "AZURE_TENANT_ID", clientId: "AZURE_CLIENT_ID", oidcTokenFilePath: "AZURE_FEDERATED_TOKEN_FILE" },
    });
  });

  it("refuses a tenant set elsewhere that differs from the injected one, as azuread does", () => {
    expect(() => plan({}, { ...injected, ARM_USE_AKS_WORKLOAD_IDENTITY: "true", ARM_TENANT_ID: TENANT.arm })).toThrow(
      "ARM_TENANT_ID (setting tenantId) disagrees with AZURE_TENANT_ID, which AKS workload identity sets",
    );
    expect(plan({}, { ...injected, ARM_USE_AKS_WORKLOAD_IDENTITY: "true", ARM_TENANT_ID: TENANT.azure })).toMatchObject({ tenantId: TENANT.azure });
  });

  it("demands a federated credential: without the injected token file, no other credential is tried", () => {
    const { AZURE_FEDERATED_TOKEN_FILE: _file, ...withoutFile } = injected;
    expect(plan({}, { ...withoutFile, ARM_USE_AKS_WORKLOAD_IDENTITY: "1", ARM_USE_MSI: "true" })).toMatchObject({
      kind: "unavailable",
      demandedBy: "useAksWorkloadIdentity",
    });
  });
});

describe("msiEndpoint", () => {
  it("points managed identity at the origin of an instance metadata token endpoint", () => {
    expect(plan({ "azuread:msiEndpoint": "http://127.0.0.1:40342/metadata/identity/oauth2/token" }, { ARM_USE_MSI: "true" })).toMatchObject({
      kind: "managedIdentity",
      imdsHost: "http://127.0.0.1:40342",
      sources: { msiEndpoint: "azuread:msiEndpoint" },
    });
  });

  it("refuses anything else, naming the setting", () => {
    for (const endpoint of ["http://127.0.0.1:40342/msi/token", "ftp://127.0.0.1/metadata/identity/oauth2/token", "not a url"]) {
      expect(() => plan({}, { ARM_USE_MSI: "true", ARM_MSI_ENDPOINT: endpoint }), endpoint).toThrow(
        "ARM_MSI_ENDPOINT (setting msiEndpoint) must be an http(s) URL of an instance metadata token endpoint",
      );
    }
  });
});
