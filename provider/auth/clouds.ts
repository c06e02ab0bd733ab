/** The national clouds (and `custom`) this provider can talk to. */
export type CloudName = "public" | "usgovernment" | "usgovernmentdod" | "china" | "custom";

/** The endpoints of one named Microsoft cloud. */
export interface CloudProfile {
  /** The canonical name, as written in `graphsync:cloud`. */
  readonly name: Exclude<CloudName, "custom">;
  /** Microsoft Graph's root for this cloud; also the resource the token is requested for. */
  readonly graphEndpoint: string;
  /** The Microsoft Entra authority host. */
  readonly authorityHost: string;
  /** The audience a federated (OIDC) token must carry to be exchanged in this cloud. */
  readonly oidcAudience: string;
}

/**
 * Graph and Entra endpoints per cloud, from Microsoft's "national cloud deployments" page. The OIDC audiences
 * are the ones Microsoft's SDKs derive for each authority (GitHub Actions federation).
 */
export const CLOUD_PROFILES: Readonly<Record<Exclude<CloudName, "custom">, CloudProfile>> = {
  public: {
    name: "public",
    graphEndpoint: "https://graph.microsoft.com",
    authorityHost: "https://login.microsoftonline.com",
    oidcAudience: "api://AzureADTokenExchange",
  },
  usgovernment: {
    name: "usgovernment",
    graphEndpoint: "https://graph.microsoft.us",
    authorityHost: "https://login.microsoftonline.us",
    oidcAudience: "api://AzureADTokenExchangeUSGov",
  },
  usgovernmentdod: {
    name: "usgovernmentdod",
    graphEndpoint: "https://dod-graph.microsoft.us",
    authorityHost: "https://login.microsoftonline.us",
    oidcAudience: "api://AzureADTokenExchangeUSGov",
  },
  china: {
    name: "china",
    graphEndpoint: "https://microsoftgraph.chinacloudapi.cn",
    authorityHost: "https://login.chinacloudapi.cn",
    oidcAudience: "api://AzureADTokenExchangeChina",
  },
};

/** The audience for federated tokens in a custom cloud unless `graphsync:oidcAudience` says otherwise. */
export const DEFAULT_OIDC_AUDIENCE = "api://AzureADTokenExchange";

/**
 * Every accepted spelling of a cloud name (lower case). Besides our own names, the ones `@pulumi/azuread`
 * and the Terraform azuread provider accept for `environment`, so an existing azuread stack needs no change.
 */
export const CLOUD_ALIASES: Readonly<Record<string, CloudName>> = {
  public: "public",
  global: "public",
  usgovernment: "usgovernment",
  usgovernmentl4: "usgovernment",
  usgovernmentdod: "usgovernmentdod",
  dod: "usgovernmentdod",
  usgovernmentl5: "usgovernmentdod",
  china: "china",
  custom: "custom",
};

/**
 * Authority hosts run by Microsoft. MSAL knows their metadata; any other host (a custom cloud, the emulator) needs
 * instance discovery disabled, or MSAL asks the public cloud to "discover" it.
 */
const MICROSOFT_AUTHORITY_HOSTS: ReadonlySet<string> = new Set([
  "login.microsoftonline.com",
  "login.microsoft.com",
  "login.windows.net",
  "login.microsoftonline.us",
  "login.chinacloudapi.cn",
  "login.partner.microsoftonline.cn",
]);

/** Maps a configured cloud name (any accepted spelling, any case) to its canonical name. */
export function cloudNameFor(text: string): CloudName | undefined {
  return CLOUD_ALIASES[text.trim().toLowerCase()];
}

/** True when the authority is one of Microsoft's own hosts, whose metadata MSAL already knows. */
export function isMicrosoftAuthorityHost(authorityHost: string): boolean {
  return MICROSOFT_AUTHORITY_HOSTS.has(new URL(authorityHost).hostname.toLowerCase());
}

/**
 * Which cloud each Microsoft authority host serves. The US Government host serves two clouds; it means
 * `usgovernment` (GCC High), the common one, and DoD tenants name their cloud explicitly.
 */
const CLOUD_BY_AUTHORITY_HOST: Readonly<Record<string, Exclude<CloudName, "custom">>> = {
  "login.microsoftonline.com": "public",
  "login.microsoftonline.us": "usgovernment",
  "login.chinacloudapi.cn": "china",
  "login.partner.microsoftonline.cn": "china",
};

/**
 * The named cloud whose authority is this host, so a lone `AZURE_AUTHORITY_HOST` (as `@azure/identity` reads it)
 * picks the matching cloud.
 */
export function cloudForAuthorityHost(authorityHost: string): CloudProfile | undefined {
  const name = CLOUD_BY_AUTHORITY_HOST[new URL(authorityHost).hostname.toLowerCase()];
  return name === undefined ? undefined : CLOUD_PROFILES[name];
}
