import { describe, expect, it } from "vitest";

import { SETTINGS_CATALOGUE } from "../../../provider/settings/catalogue";
import { SettingsError } from "../../../provider/settings/lookup";
import { resolveSettings } from "../../../provider/settings/providerSettings";
import { stackConfig } from "./fixtures";

function failure(config: Record<string, string>, env: Record<string, string> = {}): SettingsError {
  try {
    resolveSettings(stackConfig(config), env);
  } catch (error) {
    if (error instanceof SettingsError) {
      return error;
    }
    throw error;
  }
  throw new Error("resolveSettings accepted settings it should refuse");
}

describe("settings validation", () => {
  const cases: ReadonlyArray<{
    title: string;
    config?: Record<string, string>;
    env?: Record<string, string>;
    key: string;
    message: RegExp;
    value: string;
  }> = [
    {
      title: "a Graph endpoint over http",
      config: { "graphsync:graphEndpoint": "http://graph.example.test" },
      key: "graphsync:graphEndpoint",
      message: /must be an https URL/,
      value: "graph.example.test",
    },
    {
      title: "a Graph endpoint with a query string",
      config: { "graphsync:graphEndpoint": "https://graph.example.test/?tenant=zz-query-zz" },
      key: "graphsync:graphEndpoint",
      message: /without a path, credentials, fragment or query string/,
      value: "zz-query-zz",
    },
    {
      // The client is bound to an origin: a path would be dropped silently, so it is refused where settings are read.
      title: "a Graph endpoint with a path",
      config: { "graphsync:graphEndpoint": "https://graph.example.test/zz-path-zz" },
      key: "graphsync:graphEndpoint",
      message: /without a path, credentials, fragment or query string/,
      value: "zz-path-zz",
    },
    {
      title: "a cloud named after Object.prototype's constructor",
      config: { "graphsync:cloud": "constructor" },
      key: "graphsync:cloud",
      message: /names no known cloud\. Use public \(or global\), usgovernment/,
      value: "constructor",
    },
    {
      title: "a cloud named __proto__",
      env: { ARM_ENVIRONMENT: "__proto__" },
      key: "ARM_ENVIRONMENT",
      message: /names no known cloud/,
      value: "__proto__",
    },
    {
      title: "an authority host with user info",
      env: { AZURE_AUTHORITY_HOST: "https://user:zz-pass-zz@login.example.test" },
      key: "AZURE_AUTHORITY_HOST",
      message: /must be an https URL/,
      value: "zz-pass-zz",
    },
    {
      title: "an authority host that is not a URL",
      config: { "graphsync:authorityHost": "login zz-not-url-zz" },
      key: "graphsync:authorityHost",
      message: /is not a URL/,
      value: "zz-not-url-zz",
    },
    {
      title: "an OIDC request URL over http",
      env: {
        ARM_TENANT_ID: "t",
        ARM_CLIENT_ID: "c",
        ACTIONS_ID_TOKEN_REQUEST_URL: "http://zz-oidc-zz.test/token",
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: "r",
      },
      key: "ACTIONS_ID_TOKEN_REQUEST_URL",
      message: /must be an https URL without credentials or fragment\./,
      value: "zz-oidc-zz",
    },
    {
      title: "a boolean that is neither true nor false",
      env: { ARM_USE_OIDC: "zz-maybe-zz" },
      key: "ARM_USE_OIDC",
      message: /ARM_USE_OIDC \(setting useOidc\) must be true or false/,
      value: "zz-maybe-zz",
    },
    {
      title: "a debug flag that is neither true nor false",
      env: { GRAPHSYNC_DEBUG: "zz-verbose-zz" },
      key: "GRAPHSYNC_DEBUG",
      message: /must be true or false/,
      value: "zz-verbose-zz",
    },
    {
      title: "a duration without a unit it knows",
      config: { "graphsync:operationTimeout": "5 zz-fortnights-zz" },
      key: "graphsync:operationTimeout",
      message: /is not a duration: write e\.g\. 90s, 5m/,
      value: "zz-fortnights-zz",
    },
    {
      title: "an operation timeout under a second",
      config: { "graphsync:operationTimeout": "500ms" },
      key: "graphsync:operationTimeout",
      message: /must be between 1s and 86400s/,
      value: "500ms",
    },
    {
      title: "a consistency window over a day",
      config: { "graphsync:consistencyWindow": "25h" },
      key: "graphsync:consistencyWindow",
      message: /must be between 0s and 86400s/,
      value: "25h",
    },
    {
      title: "an API version Graph does not have",
      config: { "graphsync:apiVersion": "zz-v2-zz" },
      key: "graphsync:apiVersion",
      message: /must be v1\.0 or beta/,
      value: "zz-v2-zz",
    },
  ];

  for (const entry of cases) {
    it(`refuses ${entry.title}, naming the key and not the value`, () => {
      const error = failure(entry.config ?? {}, entry.env ?? {});
      expect(error.name).toBe("SettingsError");
      expect(error.keys).toEqual([entry.key]);
      expect(error.message).toMatch(entry.message);
      expect(error.message).toContain(entry.key);
      expect(error.message).not.toContain(entry.value);
    });
  }

  it("answers every Object.prototype name in every setting read from a table with a SettingsError naming the key", () => {
    const tables = SETTINGS_CATALOGUE.filter(({ kind }) => kind === "choice" || kind === "boolean" || kind === "duration");
    expect(tables.map(({ name }) => name)).toEqual(expect.arrayContaining(["cloud", "apiVersion", "debug", "operationTimeout"]));
    // The opt-ins are read only when a host needs them, so they get such a host.
    const needs: Readonly<Record<string, Record<string, string>>> = {
      "graphsync:allowNonCloudEndpoints": { "graphsync:graphEndpoint": "https://127.0.0.1:1" },
      "graphsync:allowNonCiOidcRequestUrl": {
        "graphsync:tenantId": "t", "graphsync:clientId": "c",
        "graphsync:oidcRequestUrl": "https://127.0.0.1:1/idtoken", "graphsync:oidcRequestToken": "request-token",
      },
    };
    for (const { configKey } of tables) {
      for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"]) {
        // useMsi and useCli are read only when no credential before them is complete, as here.
        const error = failure({ ...needs[configKey], [configKey]: name });
        expect(error.keys).toEqual([configKey]);
        expect(error.message).toMatch(/must be|names no known cloud|is not a duration/);
      }
    }
  });

  it("accepts the boolean spellings environment variables use", () => {
    for (const text of ["true", "TRUE", "1", "yes"]) {
      expect(resolveSettings(stackConfig({ "graphsync:debug": text }), {}).debug).toBe(true);
    }
    for (const text of ["false", "False", "0", "no"]) {
      expect(resolveSettings(stackConfig({ "graphsync:debug": text }), {}).debug).toBe(false);
    }
  });

  it("ignores a malformed setting no credential needs", () => {
    // Only the chosen credential's settings are validated: a stray variable from another tool must not break a stack.
    const settings = resolveSettings(stackConfig(), {
      ARM_TENANT_ID: "t",
      ARM_CLIENT_ID: "c",
      ARM_CLIENT_SECRET: "s3cr3t-value",
      ARM_USE_MSI: "zz-not-boolean-zz",
    });
    expect(settings.credential.kind).toBe("clientSecret");
  });
});
