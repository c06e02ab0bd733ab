/** The national clouds the emulator can stand in for. */
export type CloudName = "public" | "usgovernment" | "usgovernmentdod" | "china";

/** What differs between clouds, as far as the emulator's checks go. */
export interface CloudProfile {
  /** The Graph resource a token must be issued for (its `aud`), without a trailing slash. */
  readonly graphAudience: string;
  /** The audience a federated (workload identity) assertion must carry for this cloud. */
  readonly federatedAudience: string;
}

/**
 * Graph roots from Microsoft's national-cloud deployment table; federated audiences as `deriveAudience()` in the
 * Azure SDK's GitHubActionsCredential chooses them.
 */
export const CLOUD_PROFILES: Readonly<Record<CloudName, CloudProfile>> = {
  public: { graphAudience: "https://graph.microsoft.com", federatedAudience: "api://AzureADTokenExchange" },
  usgovernment: { graphAudience: "https://graph.microsoft.us", federatedAudience: "api://AzureADTokenExchangeUSGov" },
  usgovernmentdod: {
    graphAudience: "https://dod-graph.microsoft.us",
    federatedAudience: "api://AzureADTokenExchangeUSGov",
  },
  china: {
    graphAudience: "https://microsoftgraph.chinacloudapi.cn",
    federatedAudience: "api://AzureADTokenExchangeChina",
  },
};

/** The federated audience of a custom cloud: Entra's default, as for the public cloud. */
export const DEFAULT_FEDERATED_AUDIENCE = "api://AzureADTokenExchange";
