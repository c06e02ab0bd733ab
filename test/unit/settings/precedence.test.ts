import { describe, expect, it } from "vitest";

import { resolveSettings } from "../../../provider/settings/providerSettings";
import { CLIENT, stackConfig, TENANT } from "./fixtures";

const SECRET = {
  graphsync: "graphsync-secret-value-1",
  azuread: "azuread-secret-value-2",
  arm: "arm-secret-value-3",
  azure: "azure-secret-value-4",
};

type Layer = keyof typeof SECRET;

function layers(present: readonly Layer[]): { config: Record<string, string>; env: Record<string, string> } {
  const config: Record<string, string> = {};
  const env: Record<string, string> = {};
  if (present.includes("graphsync")) {
    Object.assign(config, {
      "graphsync:tenantId": TENANT.graphsync,
      "graphsync:clientId": CLIENT.graphsync,
      "graphsync:clientSecret": SECRET.graphsync,
    });
  }
  if (present.includes("azuread")) {
    Object.assign(config, {
      "azuread:tenantId": TENANT.azuread,
      "azuread:clientId": CLIENT.azuread,
      "azuread:clientSecret": SECRET.azuread,
    });
  }
  if (present.includes("arm")) {
    Object.assign(env, { ARM_TENANT_ID: TENANT.arm, ARM_CLIENT_ID: CLIENT.arm, ARM_CLIENT_SECRET: SECRET.arm });
  }
  if (present.includes("azure")) {
    Object.assign(env, {
      AZURE_TENANT_ID: TENANT.azure,
      AZURE_CLIENT_ID: CLIENT.azure,
      AZURE_CLIENT_SECRET: SECRET.azure,
    });
  }
  return { config, env };
}

describe("settings precedence", () => {
  const cases: ReadonlyArray<{ present: Layer[]; winner: Layer; keys: [string, string, string] }> = [
    {
      present: ["graphsync", "azuread", "arm", "azure"],
      winner: "graphsync",
      keys: ["graphsync:tenantId", "graphsync:clientId", "graphsync:clientSecret"],
    },
    {
      present: ["azuread", "arm", "azure"],
      winner: "azuread",
      keys: ["azuread:tenantId", "azuread:clientId", "azuread:clientSecret"],
    },
    { present: ["arm", "azure"], winner: "arm", keys: ["ARM_TENANT_ID", "ARM_CLIENT_ID", "ARM_CLIENT_SECRET"] },
    { present: ["azure"], winner: "azure", keys: ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"] },
  ];

  for (const { present, winner, keys } of cases) {
    it(`takes ${winner} when ${present.join(", ")} are all set`, () => {
      const { config, env } = layers(present);
      const plan = resolveSettings(stackConfig(config), env).credential;
      expect(plan).toEqual({
        kind: "clientSecret",
        tenantId: TENANT[winner],
        clientId: CLIENT[winner],
        clientSecret: SECRET[winner],
        sources: { tenantId: keys[0], clientId: keys[1], clientSecret: keys[2] },
      });
    });
  }

  it("resolves each setting on its own, so layers can be mixed", () => {
    const plan = resolveSettings(stackConfig({ "azuread:clientId": CLIENT.azuread }), {
      AZURE_TENANT_ID: TENANT.azure,
      ARM_CLIENT_SECRET: SECRET.arm,
    }).credential;
    expect(plan).toMatchObject({
      kind: "clientSecret",
      tenantId: TENANT.azure,
      clientId: CLIENT.azuread,
      clientSecret: SECRET.arm,
      sources: { tenantId: "AZURE_TENANT_ID", clientId: "azuread:clientId", clientSecret: "ARM_CLIENT_SECRET" },
    });
  });

  it("treats blank values as unset and falls through to the next source", () => {
    const plan = resolveSettings(stackConfig({ "graphsync:tenantId": "  " }), {
      ARM_TENANT_ID: "",
      AZURE_TENANT_ID: TENANT.azure,
      AZURE_CLIENT_ID: CLIENT.azure,
      ARM_CLIENT_SECRET: " ",
      AZURE_CLIENT_SECRET: SECRET.azure,
    }).credential;
    expect(plan).toMatchObject({ kind: "clientSecret", tenantId: TENANT.azure, clientSecret: SECRET.azure });
  });

  it("trims surrounding whitespace from values", () => {
    const plan = resolveSettings(
      stackConfig({
        "graphsync:tenantId": ` ${TENANT.graphsync}\n`,
        "graphsync:clientId": CLIENT.graphsync,
        "graphsync:clientSecret": SECRET.graphsync,
      }),
      {},
    ).credential;
    expect(plan).toMatchObject({ tenantId: TENANT.graphsync });
  });

  it("reads the azuread cloud name after graphsync:cloud and before ARM_ENVIRONMENT", () => {
    expect(resolveSettings(stackConfig({ "graphsync:cloud": "china", "azuread:environment": "usgovernment" }), { ARM_ENVIRONMENT: "dod" }).cloud).toBe("china");
    expect(resolveSettings(stackConfig({ "azuread:environment": "usgovernment" }), { ARM_ENVIRONMENT: "dod" }).cloud).toBe(
      "usgovernment",
    );
    expect(resolveSettings(stackConfig(), { ARM_ENVIRONMENT: "dod" }).cloud).toBe("usgovernmentdod");
  });

  it("reads graphsync:debug before GRAPHSYNC_DEBUG", () => {
    expect(resolveSettings(stackConfig({ "graphsync:debug": "false" }), { GRAPHSYNC_DEBUG: "true" }).debug).toBe(false);
    expect(resolveSettings(stackConfig(), { GRAPHSYNC_DEBUG: "true" }).debug).toBe(true);
    expect(resolveSettings(stackConfig(), { GRAPHSYNC_DEBUG: "1" }).debug).toBe(true);
    expect(resolveSettings(stackConfig(), {}).debug).toBe(false);
  });

  it("prefers the GitHub Actions request variables' ARM_ replacements", () => {
    const plan = resolveSettings(stackConfig(), {
      ARM_TENANT_ID: TENANT.arm,
      ARM_CLIENT_ID: CLIENT.arm,
      ARM_OIDC_REQUEST_URL: "https://pipelines.actions.githubusercontent.com/arm/idtoken?api-version=2.0",
      ARM_OIDC_REQUEST_TOKEN: "arm-request-token",
      ACTIONS_ID_TOKEN_REQUEST_URL: "https://pipelines.actions.githubusercontent.com/actions/idtoken?api-version=2.0",
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: "actions-request-token",
    }).credential;
    expect(plan).toMatchObject({
      kind: "githubActions",
      oidcRequestUrl: "https://pipelines.actions.githubusercontent.com/arm/idtoken?api-version=2.0",
      oidcRequestToken: "arm-request-token",
      sources: { oidcRequestUrl: "ARM_OIDC_REQUEST_URL", oidcRequestToken: "ARM_OIDC_REQUEST_TOKEN" },
    });
  });
});

describe("defaults", () => {
  it("uses the public cloud, v1.0, five minutes, two minutes and no debug when nothing is set", () => {
    const settings = resolveSettings(stackConfig(), {});
    expect(settings).toMatchObject({
      cloud: "public",
      graphEndpoint: "https://graph.microsoft.com",
      authorityHost: "https://login.microsoftonline.com",
      graphScope: "https://graph.microsoft.com/.default",
      oidcAudience: "api://AzureADTokenExchange",
      disableInstanceDiscovery: false,
      apiVersion: "v1.0",
      operationTimeoutMs: 300_000,
      consistencyWindowMs: 120_000,
      debug: false,
      sources: {},
    });
    expect(settings.credential.kind).toBe("defaultChain");
  });

  it("reads apiVersion and the durations from stack config", () => {
    const settings = resolveSettings(
      stackConfig({
        "graphsync:apiVersion": "beta",
        "graphsync:operationTimeout": "90s",
        "graphsync:consistencyWindow": "1m30s",
      }),
      {},
    );
    expect(settings).toMatchObject({
      apiVersion: "beta",
      operationTimeoutMs: 90_000,
      consistencyWindowMs: 90_000,
      sources: {
        apiVersion: "graphsync:apiVersion",
        operationTimeout: "graphsync:operationTimeout",
        consistencyWindow: "graphsync:consistencyWindow",
      },
    });
  });

  it("accepts a consistency window of zero to turn the wait off", () => {
    expect(resolveSettings(stackConfig({ "graphsync:consistencyWindow": "0" }), {}).consistencyWindowMs).toBe(0);
  });
});
