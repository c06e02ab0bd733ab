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

  it("sends requests to overridden endpoints through the opt-in, keeps the named cloud's scope and warns per host", () => {
    const settings = resolveSettings(
      stackConfig({
        "graphsync:cloud": "usgovernment",
        "graphsync:graphEndpoint": "https://127.0.0.1:8443/",
        "graphsync:authorityHost": "https://127.0.0.1:8443",
        "graphsync:allowNonCloudEndpoints": "true",
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
    expect(settings.warnings).toEqual([
      "warning: graphsync:graphEndpoint sends the usgovernment cloud's access tokens to 127.0.0.1:8443, outside that " +
        "cloud (graphsync:allowNonCloudEndpoints is true)",
      "warning: graphsync:authorityHost sends the usgovernment cloud's credentials (client secrets, assertions, " +
        "federated tokens) to 127.0.0.1:8443, outside that cloud (graphsync:allowNonCloudEndpoints is true)",
    ]);
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

  it("stays on the public cloud for an authority host of no named cloud, through the opt-in only", () => {
    const settings = resolveSettings(
      stackConfig({ "graphsync:authorityHost": "https://[::1]:9443", "graphsync:allowNonCloudEndpoints": "true" }),
      {},
    );
    expect(settings.cloud).toBe("public");
    expect(settings.graphScope).toBe("https://graph.microsoft.com/.default");
    expect(settings.disableInstanceDiscovery).toBe(true);
    expect(settings.warnings).toHaveLength(1);
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

describe("a named cloud's tokens and credentials stay on its own hosts", () => {
  const refusal = (config: Record<string, string>, env: Record<string, string> = {}): SettingsError => {
    try {
      resolveSettings(stackConfig(config), env);
    } catch (error) {
      if (error instanceof SettingsError) return error;
      throw error;
    }
    throw new Error("expected a SettingsError");
  };

  it("refuses a Graph endpoint off the cloud, naming the key, the host and the opt-in", () => {
    const error = refusal({ "graphsync:graphEndpoint": "https://graph.contoso.test" });
    expect(error.message).toBe(
      "graphsync:graphEndpoint (setting graphEndpoint) is a host outside the public cloud, whose access tokens go only " +
        "to its own hosts. Set graphsync:cloud to custom (the token is then requested for graphsync:graphEndpoint " +
        "itself), or set graphsync:allowNonCloudEndpoints to true to send them there anyway.",
    );
    expect(error.message).not.toContain("contoso");
    expect(error.keys).toEqual(["graphsync:graphEndpoint", "graphsync:allowNonCloudEndpoints"]);
  });

  it("refuses an authority off the cloud, from stack config or AZURE_AUTHORITY_HOST, loopback included", () => {
    for (const [config, env, key] of [
      [{ "graphsync:cloud": "china", "graphsync:authorityHost": "https://login.microsoftonline.com" }, {}, "graphsync:authorityHost"],
      [{}, { AZURE_AUTHORITY_HOST: "https://127.0.0.1:8443" }, "AZURE_AUTHORITY_HOST"],
      [{ "graphsync:cloud": "public" }, { AZURE_AUTHORITY_HOST: "https://login.contoso.test/" }, "AZURE_AUTHORITY_HOST"],
      // Microsoft's own host, on another port, is not the cloud's authority.
      [{ "graphsync:authorityHost": "https://login.microsoftonline.com:8443" }, {}, "graphsync:authorityHost"],
    ] as const) {
      const error = refusal(config, env);
      expect(error.message).toMatch(new RegExp(`^${key} \\(setting authorityHost\\) is a host outside the \\w+ cloud`));
      expect(error.message).toContain("whose credentials (client secrets, assertions, federated tokens) go only to its own hosts");
      expect(error.message).not.toMatch(/127\.0\.0\.1|contoso|:8443/);
      expect(error.message).toContain("graphsync:allowNonCloudEndpoints");
      expect(error.keys).toEqual([key, "graphsync:allowNonCloudEndpoints"]);
    }
  });

  it("names both endpoints in one refusal, and refuses on another cloud's Graph too", () => {
    const error = refusal({
      "graphsync:cloud": "usgovernmentdod",
      "graphsync:graphEndpoint": "https://graph.microsoft.us",
      "graphsync:authorityHost": "https://127.0.0.1:1",
    });
    expect(error.keys).toEqual(["graphsync:graphEndpoint", "graphsync:authorityHost", "graphsync:allowNonCloudEndpoints"]);
    expect(error.message).toContain("graphsync:graphEndpoint (setting graphEndpoint) is a host outside the usgovernmentdod cloud");
    expect(error.message).toContain("graphsync:authorityHost (setting authorityHost) is a host outside the usgovernmentdod cloud");
  });

  it("accepts each cloud's own hosts, in any case and with the default port written out, with discovery on", () => {
    for (const [cloud, graph, authority] of [
      ["public", "https://GRAPH.microsoft.com:443", "https://login.windows.net"],
      ["public", "https://graph.microsoft.com", "https://login.microsoft.com/"],
      ["usgovernmentdod", "https://dod-graph.microsoft.us", "https://login.microsoftonline.us"],
      ["china", "https://microsoftgraph.chinacloudapi.cn", "https://login.partner.microsoftonline.cn"],
    ] as const) {
      const settings = resolveSettings(
        stackConfig({ "graphsync:cloud": cloud, "graphsync:graphEndpoint": graph, "graphsync:authorityHost": authority }),
        {},
      );
      expect(settings.warnings).toEqual([]);
      expect(settings.disableInstanceDiscovery).toBe(false);
    }
  });

  it("keeps instance discovery on for a Microsoft authority of another cloud that the opt-in lets through", () => {
    const settings = resolveSettings(
      stackConfig({ "graphsync:authorityHost": "https://login.microsoftonline.us", "graphsync:cloud": "public", "graphsync:allowNonCloudEndpoints": "yes" }),
      {},
    );
    expect(settings.disableInstanceDiscovery).toBe(false);
    expect(settings.warnings).toHaveLength(1);
  });

  it("does not take the opt-in from the environment", () => {
    expect(() => resolveSettings(stackConfig(), { AZURE_AUTHORITY_HOST: "https://127.0.0.1:8443", GRAPHSYNC_ALLOW_NON_CLOUD_ENDPOINTS: "true" })).toThrow(
      SettingsError,
    );
  });

  it("checks nothing for custom, whose token is for its own endpoint", () => {
    const settings = resolveSettings(
      stackConfig({ "graphsync:cloud": "custom", "graphsync:graphEndpoint": "https://127.0.0.1:1", "graphsync:authorityHost": "https://127.0.0.1:2" }),
      {},
    );
    expect(settings.warnings).toEqual([]);
    expect(settings.disableInstanceDiscovery).toBe(true);
    expect(settings.graphScope).toBe("https://127.0.0.1:1/.default");
  });
});
