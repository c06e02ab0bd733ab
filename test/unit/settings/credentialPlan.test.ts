import { createPrivateKey } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";

import { type ClientCertificate, createClientCertificate } from "../../emulator";
import { describeCredentialPlan, secretValuesOf } from "../../../provider/settings/credentialPlan";
import { SettingsError } from "../../../provider/settings/lookup";
import { resolveSettings } from "../../../provider/settings/providerSettings";
import { CLIENT, stackConfig, TENANT } from "./fixtures";

const APP = { ARM_TENANT_ID: TENANT.arm, ARM_CLIENT_ID: CLIENT.arm };
const GITHUB = {
  ACTIONS_ID_TOKEN_REQUEST_URL: "https://pipelines.actions.githubusercontent.com/run-1/idtoken?api-version=2.0",
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: "github-request-token-value",
};

/** The files the settings may name: a certificate with an encrypted key (password `pem-pass-value`). */
const FILES = new Map<string, Buffer>();
let certificate: ClientCertificate;

beforeAll(async () => {
  certificate = await createClientCertificate();
  const encryptedKey = createPrivateKey(certificate.privateKeyPem).export({ format: "pem", type: "pkcs8", cipher: "aes-256-cbc", passphrase: "pem-pass-value" });
  FILES.set("/certs/app.pem", Buffer.from(`${encryptedKey.toString()}${certificate.certificatePem}`));
  FILES.set("/p.pem", Buffer.from(certificate.pem));
});

function plan(env: Record<string, string>, config: Record<string, string> = {}) {
  return resolveSettings(stackConfig(config), env, (path) => FILES.get(path) ?? Buffer.alloc(0)).credential;
}

describe("credential plans", () => {
  it("plans a client certificate read from its file, its key decrypted with the password", () => {
    expect(
      plan({ ...APP, ARM_CLIENT_CERTIFICATE_PATH: "/certs/app.pem", AZURE_CLIENT_CERTIFICATE_PASSWORD: "pem-pass-value" }),
    ).toEqual({
      kind: "clientCertificate",
      tenantId: TENANT.arm,
      clientId: CLIENT.arm,
      clientCertificate: certificate.pem,
      sources: {
        tenantId: "ARM_TENANT_ID",
        clientId: "ARM_CLIENT_ID",
        clientCertificate: "ARM_CLIENT_CERTIFICATE_PATH",
        clientCertificatePassword: "AZURE_CLIENT_CERTIFICATE_PASSWORD",
      },
    });
  });

  it("prefers the certificate over a secret, as the azuread provider does", () => {
    expect(plan({ ...APP, ARM_CLIENT_SECRET: "secret-value", ARM_CLIENT_CERTIFICATE_PATH: "/p.pem" }).kind).toBe(
      "clientCertificate",
    );
  });

  it("prefers a secret over OIDC and managed identity", () => {
    expect(plan({ ...APP, ...GITHUB, ARM_CLIENT_SECRET: "secret-value", ARM_USE_MSI: "true" }).kind).toBe("clientSecret");
  });

  it("plans a static OIDC token", () => {
    expect(plan({ ...APP, ARM_OIDC_TOKEN: "eyJ.static.token" })).toEqual({
      kind: "oidcToken",
      tenantId: TENANT.arm,
      clientId: CLIENT.arm,
      oidcToken: "eyJ.static.token",
      sources: { tenantId: "ARM_TENANT_ID", clientId: "ARM_CLIENT_ID", oidcToken: "ARM_OIDC_TOKEN" },
    });
  });

  it("plans an OIDC token file from AZURE_FEDERATED_TOKEN_FILE, as workload identity sets it", () => {
    expect(
      plan({ AZURE_TENANT_ID: TENANT.azure, AZURE_CLIENT_ID: CLIENT.azure, AZURE_FEDERATED_TOKEN_FILE: "/var/run/token" }),
    ).toEqual({
      kind: "oidcTokenFile",
      tenantId: TENANT.azure,
      clientId: CLIENT.azure,
      oidcTokenFilePath: "/var/run/token",
      sources: { tenantId: "AZURE_TENANT_ID", clientId: "AZURE_CLIENT_ID", oidcTokenFilePath: "AZURE_FEDERATED_TOKEN_FILE" },
    });
  });

  it("plans a GitHub Actions token request from the runner's variables", () => {
    expect(plan({ ...APP, ...GITHUB })).toEqual({
      kind: "githubActions",
      tenantId: TENANT.arm,
      clientId: CLIENT.arm,
      oidcRequestUrl: GITHUB.ACTIONS_ID_TOKEN_REQUEST_URL,
      oidcRequestToken: GITHUB.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
      sources: {
        tenantId: "ARM_TENANT_ID",
        clientId: "ARM_CLIENT_ID",
        oidcRequestUrl: "ACTIONS_ID_TOKEN_REQUEST_URL",
        oidcRequestToken: "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
      },
    });
  });

  it("plans an Azure Pipelines service connection from the task's variables", () => {
    expect(
      plan({
        AZURESUBSCRIPTION_TENANT_ID: TENANT.azure,
        AZURESUBSCRIPTION_CLIENT_ID: CLIENT.azure,
        AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: "connection-id",
        SYSTEM_OIDCREQUESTURI: "https://dev.azure.com/contoso/_apis/distributedtask/hubs/build/plans/1/jobs/2/oidctoken",
        SYSTEM_ACCESSTOKEN: "system-access-token-value",
      }),
    ).toEqual({
      kind: "azurePipelines",
      tenantId: TENANT.azure,
      clientId: CLIENT.azure,
      oidcRequestUrl: "https://dev.azure.com/contoso/_apis/distributedtask/hubs/build/plans/1/jobs/2/oidctoken",
      oidcRequestToken: "system-access-token-value",
      adoPipelineServiceConnectionId: "connection-id",
      sources: {
        tenantId: "AZURESUBSCRIPTION_TENANT_ID",
        clientId: "AZURESUBSCRIPTION_CLIENT_ID",
        oidcRequestUrl: "SYSTEM_OIDCREQUESTURI",
        oidcRequestToken: "SYSTEM_ACCESSTOKEN",
        adoPipelineServiceConnectionId: "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID",
      },
    });
  });

  it("does not send a GitHub-style request to Azure Pipelines' endpoint without a service connection", () => {
    const result = plan({ ...APP, SYSTEM_OIDCREQUESTURI: "https://dev.azure.com/contoso/oidctoken", SYSTEM_ACCESSTOKEN: "t0ken" });
    expect(result.kind).toBe("defaultChain");
    expect(result.kind === "defaultChain" && result.considered).toContainEqual({
      kind: "azurePipelines",
      missing: ["adoPipelineServiceConnectionId"],
    });
  });

  it("plans a user-assigned managed identity with graphsync:msiClientId", () => {
    expect(plan({ ARM_USE_MSI: "true", ARM_CLIENT_ID: CLIENT.arm }, { "graphsync:msiClientId": CLIENT.graphsync })).toEqual({
      kind: "managedIdentity",
      clientId: CLIENT.graphsync,
      sources: { useMsi: "ARM_USE_MSI", msiClientId: "graphsync:msiClientId" },
    });
  });

  it("uses clientId as the managed identity's client ID when msiClientId is unset, as azuread does", () => {
    expect(plan({ ARM_USE_MSI: "true", ARM_CLIENT_ID: CLIENT.arm })).toMatchObject({ kind: "managedIdentity", clientId: CLIENT.arm });
  });

  it("plans a system-assigned managed identity when no client ID is set", () => {
    expect(plan({}, { "azuread:useMsi": "true" })).toEqual({ kind: "managedIdentity", sources: { useMsi: "azuread:useMsi" } });
  });

  it("plans the Azure CLI when useCli is true and nothing above is complete", () => {
    expect(plan({ ARM_USE_CLI: "true", ARM_TENANT_ID: TENANT.arm })).toEqual({
      kind: "azureCli",
      tenantId: TENANT.arm,
      sources: { useCli: "ARM_USE_CLI", tenantId: "ARM_TENANT_ID" },
    });
  });

  it("falls back to DefaultAzureCredential and remembers everything it looked at", () => {
    expect(plan({})).toEqual({
      kind: "defaultChain",
      considered: [
        { kind: "clientCertificate", missing: ["tenantId", "clientId", "clientCertificatePath"] },
        { kind: "clientSecret", missing: ["tenantId", "clientId", "clientSecret"] },
        { kind: "oidcToken", missing: ["tenantId", "clientId", "oidcToken"] },
        { kind: "oidcTokenFile", missing: ["tenantId", "clientId", "oidcTokenFilePath"] },
        { kind: "githubActions", missing: ["tenantId", "clientId", "oidcRequestUrl", "oidcRequestToken"] },
        { kind: "managedIdentity", missing: ["useMsi"] },
        { kind: "azureCli", missing: ["useCli"] },
      ],
      sources: {},
    });
  });

  it("lists only what is really missing when part of a credential is set", () => {
    const result = plan({ ARM_CLIENT_ID: CLIENT.arm, ARM_CLIENT_SECRET: "secret-value" });
    expect(result.kind === "defaultChain" && result.considered[1]).toEqual({ kind: "clientSecret", missing: ["tenantId"] });
  });

  it("passes only an explicit msiClientId and the tenant to DefaultAzureCredential", () => {
    expect(plan({ ARM_CLIENT_ID: CLIENT.arm, AZURE_TENANT_ID: TENANT.azure })).toMatchObject({
      kind: "defaultChain",
      tenantId: TENANT.azure,
      sources: { tenantId: "AZURE_TENANT_ID" },
    });
    expect(plan({}, { "graphsync:msiClientId": CLIENT.graphsync })).toMatchObject({
      kind: "defaultChain",
      managedIdentityClientId: CLIENT.graphsync,
    });
  });

  it("never uses OIDC when useOidc is false", () => {
    const result = plan({ ...APP, ...GITHUB, ARM_USE_OIDC: "false" });
    expect(result.kind).toBe("defaultChain");
    expect(result.kind === "defaultChain" && result.considered).toContainEqual({
      kind: "oidcToken",
      missing: [],
      disabledBy: "useOidc",
    });
  });

  it("makes the plan unavailable when useOidc is true and no OIDC source is complete", () => {
    expect(plan({ ...APP, ARM_USE_OIDC: "true", ARM_USE_MSI: "true" })).toEqual({
      kind: "unavailable",
      demandedBy: "useOidc",
      considered: [
        { kind: "clientCertificate", missing: ["clientCertificatePath"] },
        { kind: "clientSecret", missing: ["clientSecret"] },
        { kind: "oidcToken", missing: ["oidcToken"] },
        { kind: "oidcTokenFile", missing: ["oidcTokenFilePath"] },
        { kind: "githubActions", missing: ["oidcRequestUrl", "oidcRequestToken"] },
      ],
      sources: { tenantId: "ARM_TENANT_ID", clientId: "ARM_CLIENT_ID", useOidc: "ARM_USE_OIDC" },
    });
  });

  it("still prefers a complete client secret when useOidc is true, as the azuread provider does", () => {
    expect(plan({ ...APP, ARM_USE_OIDC: "true", ARM_CLIENT_SECRET: "secret-value" }).kind).toBe("clientSecret");
  });
});

describe("describeCredentialPlan", () => {
  it("names the credential and the keys its settings came from, never the values", () => {
    const result = plan({ ...APP, ...GITHUB });
    const text = describeCredentialPlan(result);
    expect(text).toBe(
      "OIDC token request (GitHub Actions) (tenantId from ARM_TENANT_ID, clientId from ARM_CLIENT_ID, " +
        "oidcRequestUrl from ACTIONS_ID_TOKEN_REQUEST_URL, oidcRequestToken from ACTIONS_ID_TOKEN_REQUEST_TOKEN)",
    );
    expect(text).not.toContain(GITHUB.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
  });

  it("says which setting demanded an unavailable credential", () => {
    expect(describeCredentialPlan(plan({ ARM_USE_OIDC: "true" }))).toBe("no credential (useOidc demands one) (useOidc from ARM_USE_OIDC)");
  });
});

describe("secretValuesOf", () => {
  it("returns every secret a plan holds", () => {
    expect(secretValuesOf(plan({ ...APP, ARM_CLIENT_SECRET: "secret-value" }))).toEqual(["secret-value"]);
    expect(secretValuesOf(plan({ ...APP, ...GITHUB }))).toEqual([GITHUB.ACTIONS_ID_TOKEN_REQUEST_TOKEN]);
    expect(secretValuesOf(plan({ ...APP, ARM_OIDC_TOKEN: "oidc-token-value" }))).toEqual(["oidc-token-value"]);
    expect(secretValuesOf(plan({ ...APP, ARM_CLIENT_CERTIFICATE_PATH: "/p.pem" }))).toEqual([certificate.pem]);
    expect(secretValuesOf(plan({}))).toEqual([]);
  });
});

describe("an OIDC request URL and its bearer token", () => {
  const refusal = (env: Record<string, string>, config: Record<string, string> = {}): SettingsError => {
    try {
      plan(env, config);
    } catch (error) {
      if (error instanceof SettingsError) return error;
      throw error;
    }
    throw new Error("expected a SettingsError");
  };

  it("never pairs a URL from stack config with a CI system's token from the environment", () => {
    for (const token of ["ACTIONS_ID_TOKEN_REQUEST_TOKEN", "SYSTEM_ACCESSTOKEN", "ARM_OIDC_REQUEST_TOKEN"]) {
      const error = refusal(
        { ...APP, [token]: "ci-request-token-value" },
        { "graphsync:oidcRequestUrl": "https://pipelines.actions.githubusercontent.com/x/idtoken?api-version=2.0" },
      );
      expect(error.message).toBe(
        "graphsync:oidcRequestUrl (setting oidcRequestUrl) is set in the config, but its bearer token only in the " +
          `environment (${token}). A request URL and its token must come from the same place: set oidcRequestToken ` +
          "next to the URL, or remove graphsync:oidcRequestUrl.",
      );
      expect(error.keys).toEqual(["graphsync:oidcRequestUrl", token]);
      expect(error.message).not.toContain("ci-request-token-value");
    }
  });

  it("never pairs a URL from the environment with a token from stack config", () => {
    const error = refusal(
      { ...APP, ACTIONS_ID_TOKEN_REQUEST_URL: GITHUB.ACTIONS_ID_TOKEN_REQUEST_URL },
      { "azuread:oidcRequestToken": "configured-request-token" },
    );
    expect(error.keys).toEqual(["ACTIONS_ID_TOKEN_REQUEST_URL", "azuread:oidcRequestToken"]);
  });

  it("takes the token from the URL's layer when both layers have one", () => {
    const result = plan(
      { ...APP, ...GITHUB },
      { "azuread:oidcRequestUrl": "https://pipelines.actions.githubusercontent.com/cfg/idtoken", "graphsync:oidcRequestToken": "cfg-token" },
    );
    expect(result).toMatchObject({
      kind: "githubActions",
      oidcRequestToken: "cfg-token",
      sources: { oidcRequestUrl: "azuread:oidcRequestUrl", oidcRequestToken: "graphsync:oidcRequestToken" },
    });
    // Within the environment the CI's variables pair freely, as the azurerm provider documents for Azure Pipelines.
    expect(
      plan({
        ...APP,
        ARM_OIDC_AZURE_SERVICE_CONNECTION_ID: "connection-id",
        ARM_OIDC_REQUEST_TOKEN: "system-access-token-value",
        SYSTEM_OIDCREQUESTURI: "https://contoso.visualstudio.com/_apis/distributedtask/hubs/build/plans/1/jobs/2/oidctoken",
      }),
    ).toMatchObject({ kind: "azurePipelines", oidcRequestToken: "system-access-token-value" });
  });

  it("does not fail a stack whose OIDC request could not be chosen anyway (no tenant or client)", () => {
    const result = plan(
      { ACTIONS_ID_TOKEN_REQUEST_TOKEN: "ci-request-token-value" },
      { "graphsync:oidcRequestUrl": "https://pipelines.actions.githubusercontent.com/x/idtoken" },
    );
    expect(result.kind).toBe("defaultChain");
  });

  it("sends the token only to GitHub Actions or Azure DevOps hosts unless allowNonCiOidcRequestUrl is true", () => {
    for (const url of [
      "https://127.0.0.1:8443/github-actions/idtoken?api-version=2.0",
      "https://token.actions.githubusercontent.com.evil.test/idtoken",
      "https://pipelines.actions.githubusercontent.com:8443/idtoken",
      "https://dev.azure.com.evil.test/contoso/oidctoken",
    ]) {
      const error = refusal({ ...APP, ACTIONS_ID_TOKEN_REQUEST_URL: url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: "ci-request-token-value" });
      expect(error.message).toBe(
        "ACTIONS_ID_TOKEN_REQUEST_URL (setting oidcRequestUrl) is not a GitHub Actions or Azure DevOps host; the " +
          "request's bearer token goes only to those. Set graphsync:allowNonCiOidcRequestUrl to true to send it there anyway.",
      );
      expect(error.message).not.toContain(new URL(url).hostname);
      expect(error.keys).toEqual(["ACTIONS_ID_TOKEN_REQUEST_URL", "graphsync:allowNonCiOidcRequestUrl"]);
    }
    const settings = resolveSettings(stackConfig({ "graphsync:allowNonCiOidcRequestUrl": "true" }), {
      ...APP,
      ACTIONS_ID_TOKEN_REQUEST_URL: "https://127.0.0.1:8443/github-actions/idtoken?api-version=2.0",
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: "ci-request-token-value",
    });
    expect(settings.credential.kind).toBe("githubActions");
    expect(settings.warnings).toEqual([
      "warning: ACTIONS_ID_TOKEN_REQUEST_URL sends the OIDC request token to 127.0.0.1:8443, not a CI system's host " +
        "(graphsync:allowNonCiOidcRequestUrl is true)",
    ]);
  });

  it("checks the host only when the token request is the chosen credential", () => {
    const settings = resolveSettings(stackConfig(), {
      ...APP,
      ARM_CLIENT_SECRET: "secret-value",
      ACTIONS_ID_TOKEN_REQUEST_URL: "https://127.0.0.1:8443/idtoken",
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: "ci-request-token-value",
    });
    expect(settings.credential.kind).toBe("clientSecret");
    expect(settings.warnings).toEqual([]);
  });
});
