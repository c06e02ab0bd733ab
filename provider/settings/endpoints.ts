import { settingKeys } from "./catalogue";
import { authorityClouds, CLOUD_PROFILES, cloudNameFor, DEFAULT_OIDC_AUDIENCE, type CloudName } from "./clouds";
import { SettingsError, sourcesOf, type SettingLookup, type SettingSources } from "./lookup";
import { checkCloudHosts } from "./trustedHosts";

/** Where requests go and what tokens are for. */
export interface CloudEndpoints {
  /** The cloud, canonical name. */ readonly cloud: CloudName;
  /** Where Graph requests are sent: an https origin. */ readonly graphEndpoint: string;
  /** Where tokens are requested, without a trailing slash. */ readonly authorityHost: string;
  /** `<the cloud's Graph resource>/.default`. */ readonly graphScope: string;
  /** Audience requested for federated (OIDC) tokens. */ readonly oidcAudience: string;
  /** True for a `custom` or opted-in authority that is not Microsoft's (MSAL would ask the public cloud about it). */
  readonly disableInstanceDiscovery: boolean;
  /** Endpoints outside a named cloud that `allowNonCloudEndpoints` let through, one line each naming the host. */
  readonly warnings: readonly string[];
  /** Where the settings above came from, for those that were set. */ readonly sources: SettingSources;
}

/** The cloud and endpoints: a named cloud fixes the token resource and audience and its own hosts; `custom` takes them from its endpoints. */
export function resolveEndpoints(lookup: SettingLookup): CloudEndpoints {
  const graphOverride = lookup.httpsUrl("graphEndpoint", "origin");
  const authorityOverride = lookup.httpsUrl("authorityHost");
  const oidcAudience = lookup.text("oidcAudience");
  const cloudSetting = lookup.read(
    "cloud",
    "names no known cloud. Use public (or global), usgovernment (or usgovernmentl4), usgovernmentdod (or dod, usgovernmentl5), " +
      "china, or custom.",
    cloudNameFor,
  );
  const cloud: CloudName =
    cloudSetting?.value ?? (authorityOverride === undefined ? undefined : authorityClouds(authorityOverride.value)[0]) ?? "public";
  const named = CLOUD_PROFILES.get(cloud);
  if (named === undefined && (graphOverride === undefined || authorityOverride === undefined)) {
    const absent = [
      ...(graphOverride === undefined ? settingKeys("graphEndpoint").slice(0, 1) : []),
      ...(authorityOverride === undefined ? settingKeys("authorityHost").slice(0, 1) : []),
    ];
    const keys = [cloudSetting?.source ?? "graphsync:cloud", ...absent];
    throw new SettingsError(`The custom cloud needs its endpoints: set ${absent.join(" and ")}.`, keys);
  }
  const hosts = named === undefined ? undefined : checkCloudHosts(lookup, named, { graph: graphOverride, authority: authorityOverride });
  const graphEndpoint = graphOverride?.value ?? named?.graphEndpoint ?? "";
  const authorityHost = authorityOverride?.value ?? named?.authorityHost ?? "";
  return {
    cloud,
    graphEndpoint,
    authorityHost,
    // Tokens of one cloud are worthless in another, so the resource is the cloud's Graph wherever requests go.
    graphScope: `${named?.graphEndpoint ?? graphEndpoint}/.default`,
    oidcAudience: oidcAudience?.value ?? named?.oidcAudience ?? DEFAULT_OIDC_AUDIENCE,
    // Never for a named cloud's own authority; a foreign one is known to MSAL only once discovery is off.
    disableInstanceDiscovery: (hosts === undefined || hosts.authorityOutside) && authorityClouds(authorityHost).length === 0,
    warnings: hosts?.warnings ?? [],
    sources: sourcesOf({ cloud: cloudSetting, graphEndpoint: graphOverride, authorityHost: authorityOverride, oidcAudience }),
  };
}
