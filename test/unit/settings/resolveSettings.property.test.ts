import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SETTINGS_CATALOGUE, settingKeys, type SettingKind } from "../../../provider/settings/catalogue";
import { describeCredentialPlan } from "../../../provider/settings/credentialPlan";
import { SettingsError } from "../../../provider/settings/lookup";
import { resolveSettings, type ProviderSettings } from "../../../provider/settings/providerSettings";

// The settings resolver fed malformed and hostile stack config and environments: it returns settings or throws a
// SettingsError, never anything else; no secret value reaches a message; and whatever it returns keeps a named cloud's
// tokens on that cloud's hosts and a CI's request token on a CI's host unless the stack opted in. The tables below are
// written from Microsoft's and the CI systems' documentation, independently of provider/settings.

/** Every secret value generated starts with this; nothing else generated contains it. */
const SECRET_MARKER = "zqxs";

const GRAPH_ORIGIN: Readonly<Record<string, string>> = {
  public: "https://graph.microsoft.com",
  usgovernment: "https://graph.microsoft.us",
  usgovernmentdod: "https://dod-graph.microsoft.us",
  china: "https://microsoftgraph.chinacloudapi.cn",
};
const AUTHORITY_HOSTS: Readonly<Record<string, readonly string[]>> = {
  public: ["login.microsoftonline.com", "login.microsoft.com", "login.windows.net"],
  usgovernment: ["login.microsoftonline.us"],
  usgovernmentdod: ["login.microsoftonline.us"],
  china: ["login.chinacloudapi.cn", "login.partner.microsoftonline.cn"],
};
const MICROSOFT_AUTHORITIES = new Set(Object.values(AUTHORITY_HOSTS).flat());
const CI_HOST = /^(?:[a-z0-9-]+\.)+actions\.githubusercontent\.com$|^(?:[a-z0-9-]+\.)*dev\.azure\.com$|^[a-z0-9-]+\.visualstudio\.com$/;
const PROTOTYPE_NAMES = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "prototype"];

const ALPHANUMERIC = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789".split(""));
const word = fc.string({ unit: ALPHANUMERIC, minLength: 1, maxLength: 10 });
const secretValue = word.map((rest) => `${SECRET_MARKER}${rest}`);
const huge = fc.integer({ min: 10_000, max: 200_000 }).map((length) => "9a/".repeat(Math.ceil(length / 3)).slice(0, length));
const hostile = fc.oneof(fc.constantFrom("", "   ", "\n", ...PROTOTYPE_NAMES), huge, fc.string({ maxLength: 20 }));

const host = fc.oneof(
  fc.constantFrom(
    ...Object.values(AUTHORITY_HOSTS).flat(), ...Object.values(GRAPH_ORIGIN).map((origin) => new URL(origin).host),
    "127.0.0.1:8443", "[::1]:9443", "localhost", "graph.contoso.test", "login.microsoftonline.com.evil.test",
    "pipelines.actions.githubusercontent.com", "run-7.actions.githubusercontent.com", "dev.azure.com", "contoso.visualstudio.com",
    "token.actions.githubusercontent.com.evil.test", "dev.azure.com.evil.test", "GRAPH.MICROSOFT.COM:443", "login.microsoftonline.us:8443",
  ),
  word.map((name) => `${name}.example`),
);
const url = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(host, fc.constantFrom("", "/", "/v2.0", "/idtoken?api-version=2.0", "/a/b/")).map(([h, rest]) => `https://${h}${rest}`) },
  { weight: 1, arbitrary: host.map((h) => `http://${h}`) },
  { weight: 1, arbitrary: host.map((h) => `https://user:pw@${h}`) },
  { weight: 1, arbitrary: host.map((h) => `https://${h}/#fragment`) },
  { weight: 1, arbitrary: host.map((h) => `https://${h}${"/".repeat(5_000)}x`) },
  { weight: 1, arbitrary: hostile },
);

/** A value for a setting of this kind: mostly plausible, sometimes hostile. */
function valueOfKind(kind: SettingKind, name: string): fc.Arbitrary<string> {
  switch (kind) {
    case "secret":
      return fc.oneof({ weight: 5, arbitrary: secretValue }, { weight: 1, arbitrary: fc.constantFrom("", "  ") });
    case "url":
      return url;
    case "boolean":
      return fc.oneof(fc.constantFrom("true", "false", "1", "0", "yes", "no", "TRUE", " True ", "maybe"), hostile);
    case "duration":
      return fc.oneof(fc.constantFrom("90s", "5m", "1m30s", "1500ms", "300", "0", "-1", "1e9", "10d", "9".repeat(400)), hostile);
    case "choice":
      return name === "cloud"
        ? fc.oneof(
            fc.constantFrom("public", "global", "usgovernment", "usgovernmentl4", "dod", "usgovernmentl5", "china", "custom", "Custom"),
            fc.constantFrom("germany", "azurestack"),
            hostile,
          )
        : fc.oneof(fc.constantFrom("v1.0", "beta", "v2", "Beta"), hostile);
    case "text":
      return fc.oneof(fc.uuid(), word, hostile);
  }
}

const ALL_KEYS = SETTINGS_CATALOGUE.flatMap((definition) =>
  settingKeys(definition.name).map((key) => ({ key, value: valueOfKind(definition.kind, definition.name) })),
);

type Entry = readonly [key: string, value: string];

/** Any few settings, in any layer. */
const anySettings: fc.Arbitrary<Entry[]> = fc
  .subarray(ALL_KEYS, { maxLength: 14 })
  .chain((chosen) => fc.tuple(...chosen.map(({ key, value }) => value.map((text): Entry => [key, text]))));

const keysOf = (name: (typeof SETTINGS_CATALOGUE)[number]["name"], layer?: "config" | "environment"): string[] =>
  settingKeys(name).filter((key) => layer === undefined || key.includes(":") === (layer === "config"));

/**
 * A stack that means to sign in with an OIDC token request, mostly well formed: a cloud, its endpoints or others, the
 * opt-ins, an app, and the request URL with its token (mostly from one layer), each maybe, plus a few other settings.
 */
const signInSettings: fc.Arbitrary<Entry[]> = fc
  .tuple(
    anySettings.map((entries) => entries.slice(0, 3)),
    fc.option(fc.tuple(fc.constantFrom(...keysOf("cloud")), fc.constantFrom("public", "usgovernment", "dod", "china", "custom"))),
    fc.option(fc.tuple(fc.constant("graphsync:graphEndpoint"), host.map((h) => `https://${h}`))),
    fc.option(fc.tuple(fc.constantFrom(...keysOf("authorityHost")), host.map((h) => `https://${h}/`))),
    fc.option(fc.tuple(fc.constant("graphsync:allowNonCloudEndpoints"), fc.constantFrom("true", "yes", "false", "maybe"))),
    fc.option(fc.tuple(fc.constant("graphsync:allowNonCiOidcRequestUrl"), fc.constantFrom("true", "1", "no"))),
    fc.tuple(fc.constantFrom(...keysOf("tenantId")), fc.uuid()),
    fc.tuple(fc.constantFrom(...keysOf("clientId")), fc.uuid()),
    fc.option(fc.tuple(fc.constantFrom(...keysOf("adoPipelineServiceConnectionId")), fc.uuid())),
    // The request URL and its token from one layer, sometimes a token from the other layer as well.
    fc.constantFrom<"config" | "environment">("config", "environment").chain((layer) =>
      fc.tuple(
        fc.tuple(fc.constantFrom(...keysOf("oidcRequestUrl", layer)), host.map((h) => `https://${h}/idtoken?api-version=2.0`)),
        fc.tuple(fc.constantFrom(...keysOf("oidcRequestToken", layer)), secretValue),
        fc.option(fc.tuple(fc.constantFrom(...keysOf("oidcRequestToken")), secretValue), { freq: 3 }),
      ),
    ),
  )
  .map(([extra, cloud, graph, authority, allowCloud, allowCi, tenant, client, connection, [requestUrl, token, otherToken]]) =>
    [cloud, graph, authority, allowCloud, allowCi, tenant, client, connection, requestUrl, token, otherToken, ...extra].filter(
      (entry): entry is Entry => entry !== null,
    ),
  );

/** Stack config and an environment, plus names no setting has. */
const layers = fc
  .oneof(anySettings, signInSettings)
  .chain((entries) =>
    fc
      .array(fc.tuple(fc.constantFrom(...PROTOTYPE_NAMES, "graphsync:constructor", "graphsync:__proto__", "GRAPHSYNC_X"), word), { maxLength: 2 })
      .map((extra) => [...entries, ...extra]),
  )
  .map((entries) => {
    const config = new Map<string, string>();
    const env: Record<string, string> = {};
    for (const [key, value] of entries) {
      if (key.includes(":")) config.set(key, value);
      else Object.defineProperty(env, key, { value, enumerable: true, configurable: true, writable: true });
    }
    return { config, env };
  });

const TRUE_WORDS = new Set(["true", "1", "yes"]);
const optedIn = (config: ReadonlyMap<string, string>, key: string): boolean => TRUE_WORDS.has(config.get(key)?.trim().toLowerCase() ?? "");

/** What the resolver promised, checked against the documentation's tables rather than its own. */
function expectKeptPromises(settings: ProviderSettings, config: ReadonlyMap<string, string>): void {
  const authority = new URL(settings.authorityHost);
  const foreignAuthority = !MICROSOFT_AUTHORITIES.has(authority.hostname.toLowerCase());
  if (settings.cloud !== "custom") {
    const optIn = optedIn(config, "graphsync:allowNonCloudEndpoints");
    const ownGraph = new URL(settings.graphEndpoint).origin === GRAPH_ORIGIN[settings.cloud];
    const ownAuthority = authority.port === "" && (AUTHORITY_HOSTS[settings.cloud] ?? []).includes(authority.hostname.toLowerCase());
    expect(ownGraph || optIn, "a named cloud's token sent off its Graph without the opt-in").toBe(true);
    expect(ownAuthority || optIn, "a named cloud's credential sent off its authority without the opt-in").toBe(true);
    expect(settings.graphScope).toBe(`${GRAPH_ORIGIN[settings.cloud]}/.default`);
    expect(settings.disableInstanceDiscovery).toBe(!ownAuthority && foreignAuthority);
    expect(settings.warnings.length).toBe((ownGraph ? 0 : 1) + (ownAuthority ? 0 : 1) + oidcWarnings(settings));
  } else {
    expect(settings.disableInstanceDiscovery).toBe(foreignAuthority);
  }
  const plan = settings.credential;
  if (plan.kind === "githubActions" || plan.kind === "azurePipelines") {
    const layer = (key: string | undefined) => (key ?? "").includes(":");
    expect(layer(plan.sources.oidcRequestUrl), "request URL and token from different layers").toBe(layer(plan.sources.oidcRequestToken));
    const ciHost = CI_HOST.test(new URL(plan.oidcRequestUrl).host.toLowerCase());
    expect(ciHost || optedIn(config, "graphsync:allowNonCiOidcRequestUrl"), "a request token sent off the CI hosts").toBe(true);
  }
}

function oidcWarnings(settings: ProviderSettings): number {
  const plan = settings.credential;
  if (plan.kind !== "githubActions" && plan.kind !== "azurePipelines") return 0;
  return CI_HOST.test(new URL(plan.oidcRequestUrl).host.toLowerCase()) ? 0 : 1;
}

describe("resolveSettings, property-based", () => {
  it("returns settings that keep tokens where they belong, or throws a SettingsError that shows no secret", () => {
    let resolved = 0;
    let refused = 0;
    let warned = 0;
    let oidcRequests = 0;
    fc.assert(
      fc.property(layers, ({ config, env }) => {
        let settings: ProviderSettings;
        try {
          settings = resolveSettings({ get: (key) => config.get(key) }, env);
        } catch (error) {
          // Anything but a SettingsError (a TypeError from a prototype name, a RangeError) fails the property.
          expect(error).toBeInstanceOf(SettingsError);
          const { message, keys } = error as SettingsError;
          expect(message).not.toContain(SECRET_MARKER);
          expect(message.length).toBeLessThan(1_000);
          expect(keys.length).toBeGreaterThan(0);
          refused += 1;
          return;
        }
        resolved += 1;
        if (settings.warnings.length > 0) warned += 1;
        if (settings.credential.kind === "githubActions" || settings.credential.kind === "azurePipelines") oidcRequests += 1;
        expectKeptPromises(settings, config);
        const { credential, ...rest } = settings;
        for (const shown of [describeCredentialPlan(credential), JSON.stringify(rest), ...settings.warnings]) {
          expect(shown).not.toContain(SECRET_MARKER);
        }
      }),
      { numRuns: 1_500 },
    );
    // Both outcomes, the opt-ins and the OIDC requests must really be exercised.
    expect(resolved).toBeGreaterThanOrEqual(300);
    expect(refused).toBeGreaterThanOrEqual(300);
    expect(warned).toBeGreaterThanOrEqual(40);
    expect(oidcRequests).toBeGreaterThanOrEqual(25);
  });
});
