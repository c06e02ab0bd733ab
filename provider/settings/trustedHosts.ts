import { settingKeys } from "./catalogue";
import { isCloudHost, type CloudProfile } from "./clouds";
import { type FoundSetting, type SettingLookup, SettingsError, settingsError } from "./lookup";

/** What each endpoint receives, for the messages: a token is for one cloud, a credential proves an app to one. */
const CARRIED: Readonly<Record<"graph" | "authority", string>> = {
  graph: "access tokens",
  authority: "credentials (client secrets, assertions, federated tokens)",
};

/**
 * A named cloud's tokens and credentials go only to that cloud's own hosts: a Graph endpoint or authority elsewhere
 * (loopback included) is a `SettingsError` naming the key and the opt-in, unless `allowNonCloudEndpoints` is true, which
 * turns each into a warning naming the host, shown on every run. `custom` clouds are not checked: the token is theirs.
 */
export function checkCloudHosts(
  lookup: SettingLookup,
  cloud: CloudProfile,
  endpoints: { readonly graph?: FoundSetting<string>; readonly authority?: FoundSetting<string> },
): { readonly warnings: readonly string[]; readonly authorityOutside: boolean } {
  const outside = (["graph", "authority"] as const).flatMap((role) => {
    const found = endpoints[role];
    return found === undefined || isCloudHost(cloud, role, found.value) ? [] : [{ role, found, host: new URL(found.value).host }];
  });
  if (outside.length === 0) return { warnings: [], authorityOutside: false };
  const optIn = settingKeys("allowNonCloudEndpoints")[0] ?? "";
  if (lookup.boolean("allowNonCloudEndpoints")?.value !== true) {
    // The key, never its value: the warning that follows an opt-in is where the host is named.
    const problems = outside.map(
      ({ role, found }) =>
        `${found.source} (setting ${role === "graph" ? "graphEndpoint" : "authorityHost"}) is a host outside the ` +
        `${cloud.name} cloud, whose ${CARRIED[role]} go only to its own hosts.`,
    );
    throw new SettingsError(
      `${problems.join(" ")} Set graphsync:cloud to custom (the token is then requested for graphsync:graphEndpoint ` +
        `itself), or set ${optIn} to true to send them there anyway.`,
      [...outside.map(({ found }) => found.source), optIn],
    );
  }
  return {
    warnings: outside.map(
      ({ role, found, host }) =>
        `warning: ${found.source} sends the ${cloud.name} cloud's ${CARRIED[role]} to ${host}, outside that cloud ` +
        `(${optIn} is true)`,
    ),
    authorityOutside: outside.some(({ role }) => role === "authority"),
  };
}

/** Whether a hostname is GitHub Actions' OIDC token service or Azure DevOps, on the default port. */
function isCiOidcHost(url: URL): boolean {
  const host = url.hostname.toLowerCase();
  const github = host.endsWith(".actions.githubusercontent.com");
  const azureDevOps = host === "dev.azure.com" || host.endsWith(".dev.azure.com") || host.endsWith(".visualstudio.com");
  return url.port === "" && (github || azureDevOps);
}

/**
 * The CI system's request token goes only to GitHub Actions or Azure DevOps: another OIDC request URL is a
 * `SettingsError` unless `allowNonCiOidcRequestUrl` is true, which turns it into a warning naming the host.
 */
export function checkOidcRequestHost(lookup: SettingLookup, requestUrl: FoundSetting<string>): readonly string[] {
  const url = new URL(requestUrl.value);
  if (isCiOidcHost(url)) return [];
  const optIn = settingKeys("allowNonCiOidcRequestUrl")[0] ?? "";
  if (lookup.boolean("allowNonCiOidcRequestUrl")?.value !== true) {
    const problem = `is not a GitHub Actions or Azure DevOps host; the request's bearer token goes only to those.`;
    throw settingsError(requestUrl, "oidcRequestUrl", `${problem} Set ${optIn} to true to send it there anyway.`, optIn);
  }
  return [`warning: ${requestUrl.source} sends the OIDC request token to ${url.host}, not a CI system's host (${optIn} is true)`];
}
