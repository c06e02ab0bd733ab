import {
  CLOUD_PROFILES,
  type CloudName,
  type CloudProfile,
  cloudForAuthorityHost,
  cloudNameFor,
  DEFAULT_OIDC_AUDIENCE,
  isMicrosoftAuthorityHost,
} from "./clouds";
import type { SettingSources } from "./credentialPlan";
import { SettingsError } from "./errors/settingsError";
import type { SettingLookup } from "./settingLookup";
import { settingKeys } from "./settingsCatalogue";

/** Where requests go and what tokens are for. */
export interface CloudEndpoints {
  /** The cloud, canonical name. */
  readonly cloud: CloudName;
  /** Where Graph requests are sent, without a trailing slash. */
  readonly graphEndpoint: string;
  /** Where tokens are requested, without a trailing slash. */
  readonly authorityHost: string;
  /** `<the cloud's Graph resource>/.default`. */
  readonly graphScope: string;
  /** Audience requested for federated (OIDC) tokens. */
  readonly oidcAudience: string;
  /** True when the authority is not Microsoft's. */
  readonly disableInstanceDiscovery: boolean;
  /** Where the settings above came from, for those that were set. */
  readonly sources: SettingSources;
}

/**
 * The cloud and its endpoints. A named cloud fixes the token's resource and the OIDC audience; `graphEndpoint` and
 * `authorityHost` only change where requests are sent (a proxy, or the emulator standing in for that cloud). A
 * custom cloud takes both endpoints from config and its resource from `graphEndpoint`.
 *
 * @throws SettingsError for an unknown cloud name, or a custom cloud without its endpoints.
 */
export function resolveEndpoints(lookup: SettingLookup): CloudEndpoints {
  const cloudText = lookup.text("cloud");
  const graphOverride = lookup.httpsUrl("graphEndpoint");
  const authorityOverride = lookup.httpsUrl("authorityHost");
  const audienceOverride = lookup.text("oidcAudience");

  let cloud: CloudName;
  if (cloudText === undefined) {
    cloud = authorityOverride === undefined ? "public" : (cloudForAuthorityHost(authorityOverride.value)?.name ?? "public");
  } else {
    const named = cloudNameFor(cloudText.value);
    if (named === undefined) {
      throw new SettingsError(
        `${cloudText.source} (setting cloud) names no known cloud. Use public (or global), usgovernment (or ` +
          `usgovernmentl4), usgovernmentdod (or dod, usgovernmentl5), china, or custom.`,
        [cloudText.source],
      );
    }
    cloud = named;
  }

  let profile: Pick<CloudProfile, "graphEndpoint" | "authorityHost" | "oidcAudience">;
  if (cloud === "custom") {
    if (graphOverride === undefined || authorityOverride === undefined) {
      const absent = [
        ...(graphOverride === undefined ? settingKeys("graphEndpoint").slice(0, 1) : []),
        ...(authorityOverride === undefined ? settingKeys("authorityHost").slice(0, 1) : []),
      ];
      throw new SettingsError(`The custom cloud needs its endpoints: set ${absent.join(" and ")}.`, [
        cloudText?.source ?? "graphsync:cloud",
        ...absent,
      ]);
    }
    profile = { graphEndpoint: graphOverride.value, authorityHost: authorityOverride.value, oidcAudience: DEFAULT_OIDC_AUDIENCE };
  } else {
    profile = CLOUD_PROFILES[cloud];
  }

  const authorityHost = authorityOverride?.value ?? profile.authorityHost;
  return {
    cloud,
    graphEndpoint: graphOverride?.value ?? profile.graphEndpoint,
    authorityHost,
    // Tokens of one cloud are worthless in another, so the resource is the cloud's Graph wherever requests go.
    graphScope: `${profile.graphEndpoint}/.default`,
    oidcAudience: audienceOverride?.value ?? profile.oidcAudience,
    disableInstanceDiscovery: !isMicrosoftAuthorityHost(authorityHost),
    sources: {
      ...(cloudText === undefined ? {} : { cloud: cloudText.source }),
      ...(graphOverride === undefined ? {} : { graphEndpoint: graphOverride.source }),
      ...(authorityOverride === undefined ? {} : { authorityHost: authorityOverride.source }),
      ...(audienceOverride === undefined ? {} : { oidcAudience: audienceOverride.source }),
    },
  };
}
