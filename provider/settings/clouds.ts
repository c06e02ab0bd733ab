/** The national clouds (and `custom`) this provider can talk to. */
export type CloudName = "public" | "usgovernment" | "usgovernmentdod" | "china" | "custom";

/** The endpoints of one named Microsoft cloud. */
export interface CloudProfile {
  /** The canonical name, as written in `graphsync:cloud`. */ readonly name: Exclude<CloudName, "custom">;
  /** Microsoft Graph's root for this cloud; also the resource the token is requested for. */ readonly graphEndpoint: string;
  /** The Microsoft Entra authority host. */ readonly authorityHost: string;
  /** The audience a federated (OIDC) token must carry to be exchanged in this cloud. */ readonly oidcAudience: string;
}

function profile(name: CloudProfile["name"], graph: string, login: string, audience: string): [string, CloudProfile] {
  return [name, { name, graphEndpoint: `https://${graph}`, authorityHost: `https://${login}`, oidcAudience: `api://${audience}` }];
}

/** Graph and Entra per national cloud (Microsoft's list), with the OIDC audience its SDKs use there. */
export const CLOUD_PROFILES: ReadonlyMap<string, CloudProfile> = new Map([
  profile("public", "graph.microsoft.com", "login.microsoftonline.com", "AzureADTokenExchange"),
  profile("usgovernment", "graph.microsoft.us", "login.microsoftonline.us", "AzureADTokenExchangeUSGov"),
  profile("usgovernmentdod", "dod-graph.microsoft.us", "login.microsoftonline.us", "AzureADTokenExchangeUSGov"),
  profile("china", "microsoftgraph.chinacloudapi.cn", "login.chinacloudapi.cn", "AzureADTokenExchangeChina"),
]);

/** The audience for federated tokens in a custom cloud unless `graphsync:oidcAudience` says otherwise. */
export const DEFAULT_OIDC_AUDIENCE = "api://AzureADTokenExchange";

/** Cloud names, lower case: ours and the azuread providers' `environment` values; a Map, so `constructor` is no cloud. */
const CLOUD_ALIASES: ReadonlyMap<string, CloudName> = new Map([
  ["public", "public"], ["global", "public"], ["usgovernment", "usgovernment"], ["usgovernmentl4", "usgovernment"],
  ["usgovernmentdod", "usgovernmentdod"], ["dod", "usgovernmentdod"], ["usgovernmentl5", "usgovernmentdod"],
  ["china", "china"], ["custom", "custom"],
]);

/**
 * The clouds of each Microsoft authority host (others need instance discovery off). The US Government host serves
 * both US clouds; the first cloud listed is the one a lone authority host picks, and DoD tenants name their cloud.
 */
const CLOUDS_BY_AUTHORITY_HOST: ReadonlyMap<string, readonly CloudName[]> = new Map<string, readonly CloudName[]>([
  ["login.microsoftonline.com", ["public"]], ["login.microsoft.com", ["public"]], ["login.windows.net", ["public"]],
  ["login.microsoftonline.us", ["usgovernment", "usgovernmentdod"]],
  ["login.chinacloudapi.cn", ["china"]], ["login.partner.microsoftonline.cn", ["china"]],
]);

/** Maps a configured cloud name (any accepted spelling, any case) to its canonical name. */
export const cloudNameFor = (text: string): CloudName | undefined => CLOUD_ALIASES.get(text.trim().toLowerCase());

/** The named clouds whose authority is this URL's host; none for a host that is not Microsoft's. */
export function authorityClouds(authorityHost: string): readonly CloudName[] {
  return CLOUDS_BY_AUTHORITY_HOST.get(new URL(authorityHost).hostname.toLowerCase()) ?? [];
}

/** Whether an https URL is the cloud's own Graph origin, or one of its own authority hosts on the default port. */
export function isCloudHost(cloud: CloudProfile, role: "graph" | "authority", url: string): boolean {
  const { origin, port } = new URL(url);
  return role === "graph" ? origin === cloud.graphEndpoint : port === "" && authorityClouds(url).includes(cloud.name);
}
