import { describe, expect, it } from "vitest";

import { SettingsError } from "../../../provider/settings/lookup";
import { resolveSettings } from "../../../provider/settings/providerSettings";
import { stackConfig } from "./fixtures";

describe("national clouds", () => {
  const expected = [
    {
      names: ["public", "global", "PUBLIC"],
      cloud: "public",
      graph: "https://graph.microsoft.com",
      authority: "https://login.microsoftonline.com",
      audience: "api://AzureADTokenExchange",
    },
    {
      names: ["usgovernment", "usgovernmentl4", "USGovernmentL4"],
      cloud: "usgovernment",
      graph: "https://graph.microsoft.us",
      authority: "https://login.microsoftonline.us",
      audience: "api://AzureADTokenExchangeUSGov",
    },
    {
      names: ["usgovernmentdod", "dod", "usgovernmentl5"],
      cloud: "usgovernmentdod",
      graph: "https://dod-graph.microsoft.us",
      authority: "https://login.microsoftonline.us",
      audience: "api://AzureADTokenExchangeUSGov",
    },
    {
      names: ["china", "China"],
      cloud: "china",
      graph: "https://microsoftgraph.chinacloudapi.cn",
      authority: "https://login.chinacloudapi.cn",
      audience: "api://AzureADTokenExchangeChina",
    },
  ] as const;

  for (const entry of expected) {
    for (const name of entry.names) {
      it(`maps "${name}" to the ${entry.cloud} endpoints, scope and audience`, () => {
        const settings = resolveSettings(stackConfig({ "graphsync:cloud": name }), {});
        expect(settings).toMatchObject({
          cloud: entry.cloud,
          graphEndpoint: entry.graph,
          authorityHost: entry.authority,
          graphScope: `${entry.graph}/.default`,
          oidcAudience: entry.audience,
          disableInstanceDiscovery: false,
          sources: { cloud: "graphsync:cloud" },
        });
      });
    }
  }

  it("sends requests to overridden endpoints but keeps the named cloud's scope and audience", () => {
    const settings = resolveSettings(
      stackConfig({
        "graphsync:cloud": "usgovernment",
        "graphsync:graphEndpoint": "https://127.0.0.1:8443/",
        "graphsync:authorityHost": "https://127.0.0.1:8443",
      }),
      {},
    );
    expect(settings).toMatchObject({
      cloud: "usgovernment",
      graphEndpoint: "https://127.0.0.1:8443",
      authorityHost: "https://127.0.0.1:8443",
      graphScope: "https://graph.microsoft.us/.default",
      oidcAudience: "api://AzureADTokenExchangeUSGov",
      disableInstanceDiscovery: true,
      sources: { graphEndpoint: "graphsync:graphEndpoint", authorityHost: "graphsync:authorityHost" },
    });
  });

  it("takes a custom cloud's scope from its Graph endpoint and disables instance discovery", () => {
    const settings = resolveSettings(
      stackConfig({
        "graphsync:cloud": "custom",
        "graphsync:graphEndpoint": "https://graph.contoso.test",
        "graphsync:authorityHost": "https://login.contoso.test",
      }),
      {},
    );
    expect(settings).toMatchObject({
      cloud: "custom",
      graphEndpoint: "https://graph.contoso.test",
      authorityHost: "https://login.contoso.test",
      graphScope: "https://graph.contoso.test/.default",
      oidcAudience: "api://AzureADTokenExchange",
      disableInstanceDiscovery: true,
    });
  });

  it("uses graphsync:oidcAudience over the cloud's audience", () => {
    const settings = resolveSettings(stackConfig({ "graphsync:cloud": "china", "graphsync:oidcAudience": "api://custom" }), {});
    expect(settings.oidcAudience).toBe("api://custom");
    expect(settings.sources.oidcAudience).toBe("graphsync:oidcAudience");
  });

  it("keeps instance discovery for Microsoft's own authority hosts", () => {
    const settings = resolveSettings(stackConfig({ "graphsync:authorityHost": "https://login.partner.microsoftonline.cn" }), {});
    expect(settings.disableInstanceDiscovery).toBe(false);
  });

  it("infers the cloud from AZURE_AUTHORITY_HOST when no cloud is named", () => {
    expect(resolveSettings(stackConfig(), { AZURE_AUTHORITY_HOST: "https://login.chinacloudapi.cn/" }).cloud).toBe("china");
    expect(resolveSettings(stackConfig(), { AZURE_AUTHORITY_HOST: "https://login.partner.microsoftonline.cn" }).graphScope).toBe(
      "https://microsoftgraph.chinacloudapi.cn/.default",
    );
    expect(resolveSettings(stackConfig(), { AZURE_AUTHORITY_HOST: "https://login.microsoftonline.us" }).cloud).toBe(
      "usgovernment",
    );
    expect(
      resolveSettings(stackConfig({ "graphsync:cloud": "usgovernmentdod" }), {
        AZURE_AUTHORITY_HOST: "https://login.microsoftonline.us",
      }).graphScope,
    ).toBe("https://dod-graph.microsoft.us/.default");
  });

  it("stays on the public cloud for an authority host of no named cloud", () => {
    const settings = resolveSettings(stackConfig({ "graphsync:authorityHost": "https://[::1]:9443" }), {});
    expect(settings.cloud).toBe("public");
    expect(settings.graphScope).toBe("https://graph.microsoft.com/.default");
    expect(settings.disableInstanceDiscovery).toBe(true);
  });

  it("refuses an unknown cloud, naming the key and not the value", () => {
    const attempt = () => resolveSettings(stackConfig({ "azuread:environment": "germany" }), {});
    expect(attempt).toThrow(SettingsError);
    expect(attempt).toThrow(/azuread:environment \(setting cloud\) names no known cloud/);
    expect(attempt).not.toThrow(/germany/);
  });

  it("refuses a custom cloud without its endpoints and names both keys", () => {
    const attempt = () => resolveSettings(stackConfig({ "graphsync:cloud": "custom" }), {});
    expect(attempt).toThrow(SettingsError);
    expect(attempt).toThrow("The custom cloud needs its endpoints: set graphsync:graphEndpoint and graphsync:authorityHost.");
  });

  it("refuses a custom cloud with only one endpoint and names the other", () => {
    const attempt = () =>
      resolveSettings(stackConfig({ "graphsync:cloud": "custom", "graphsync:graphEndpoint": "https://graph.contoso.test" }), {});
    expect(attempt).toThrow("set graphsync:authorityHost.");
  });
});
