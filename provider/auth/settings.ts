// Pure: no @azure/identity, no I/O. check and diff load this during a preview.
import {
  CLOUD_PROFILES,
  type CloudName,
  type CloudProfile,
  cloudForAuthorityHost,
  cloudNameFor,
  DEFAULT_OIDC_AUDIENCE,
  isMicrosoftAuthorityHost,
} from "./clouds";
import type { CredentialPlan, SettingSources } from "./credentialPlan";
import { planCredential } from "./credentialPlanner";
import { SettingsError } from "./errors/settingsError";
import { type ConfigSource, SettingLookup } from "./settingLookup";
import { settingKeys } from "./settingsCatalogue";

export type { ConfigSource } from "./settingLookup";
export type { CloudName } from "./clouds";

/** The Graph API versions a resource may target. */
export type ApiVersion = "v1.0" | "beta";

/** Everything the provider process needs to reach Graph, resolved once in `configure`. */
export interface ProviderSettings {
  /** The cloud, canonical name. */
  readonly cloud: CloudName;
  /** Where Graph requests are sent, without a trailing slash, e.g. `https://graph.microsoft.com`. */
  readonly graphEndpoint: string;
  /** Where tokens are requested, without a trailing slash. */
  readonly authorityHost: string;
  /** The token scope: `<the cloud's Graph resource>/.default`. */
  readonly graphScope: string;
  /** Audience requested for federated (OIDC) tokens. */
  readonly oidcAudience: string;
  /** True when the authority is not Microsoft's (a custom cloud, the emulator). */
  readonly disableInstanceDiscovery: boolean;
  /** Default Graph version for resources that do not choose one. */
  readonly apiVersion: ApiVersion;
  /** Overall budget of one operation, retries included. */
  readonly operationTimeoutMs: number;
  /** How long a just-created service principal may answer 404 before that is an error. */
  readonly consistencyWindowMs: number;
  /** Log requests (redacted). */
  readonly debug: boolean;
  /** Which credential to build. Holds secret values: never log or store it. */
  readonly credential: CredentialPlan;
  /** Where each non-credential setting came from (keys only), for the debug log. */
  readonly sources: SettingSources;
}

const DEFAULT_OPERATION_TIMEOUT_MS = 300_000;
const DEFAULT_CONSISTENCY_WINDOW_MS = 120_000;
const DAY_MS = 86_400_000;

/**
 * Resolves the provider's settings from stack config and the environment: per setting, `graphsync:` config, then
 * `azuread:` config, then the environment variables in catalogue order (`ARM_*` before `AZURE_*`). Nothing is
 * fetched and no credential is built; a missing credential is not an error here (a preview needs none).
 *
 * @param config - Stack config with namespaced keys, as `configure` receives it.
 * @param env - The provider process's environment.
 * @throws SettingsError when a setting is malformed or contradicts another (names, never values).
 */
export function resolveSettings(
  config: ConfigSource,
  env: Readonly<Record<string, string | undefined>>,
): ProviderSettings {
  const lookup = new SettingLookup(config, env);
  const sources: { -readonly [K in keyof SettingSources]: SettingSources[K] } = {};

  const cloudText = lookup.text("cloud");
  const graphOverride = lookup.httpsUrl("graphEndpoint");
  const authorityOverride = lookup.httpsUrl("authorityHost");
  const audienceOverride = lookup.text("oidcAudience");
  let cloud: CloudName;
  if (cloudText !== undefined) {
    const named = cloudNameFor(cloudText.value);
    if (named === undefined) {
      throw new SettingsError(
        `${cloudText.source} (setting cloud) names no known cloud. Use public (or global), usgovernment (or ` +
          `usgovernmentl4), usgovernmentdod (or dod, usgovernmentl5), china, or custom.`,
        [cloudText.source],
      );
    }
    cloud = named;
    sources.cloud = cloudText.source;
  } else {
    cloud = authorityOverride === undefined ? "public" : (cloudForAuthorityHost(authorityOverride.value)?.name ?? "public");
  }

  let profile: Pick<CloudProfile, "graphEndpoint" | "authorityHost" | "oidcAudience">;
  if (cloud === "custom") {
    const absent = [
      ...(graphOverride === undefined ? settingKeys("graphEndpoint").slice(0, 1) : []),
      ...(authorityOverride === undefined ? settingKeys("authorityHost").slice(0, 1) : []),
    ];
    if (graphOverride === undefined || authorityOverride === undefined) {
      throw new SettingsError(
        `The custom cloud needs its endpoints: set ${absent.join(" and ")}.`,
        [sources.cloud ?? "graphsync:cloud", ...absent],
      );
    }
    profile = {
      graphEndpoint: graphOverride.value,
      authorityHost: authorityOverride.value,
      oidcAudience: DEFAULT_OIDC_AUDIENCE,
    };
  } else {
    profile = CLOUD_PROFILES[cloud];
  }

  const graphEndpoint = graphOverride?.value ?? profile.graphEndpoint;
  const authorityHost = authorityOverride?.value ?? profile.authorityHost;
  if (graphOverride !== undefined) sources.graphEndpoint = graphOverride.source;
  if (authorityOverride !== undefined) sources.authorityHost = authorityOverride.source;
  if (audienceOverride !== undefined) sources.oidcAudience = audienceOverride.source;

  const apiVersionText = lookup.text("apiVersion");
  if (apiVersionText !== undefined && apiVersionText.value !== "v1.0" && apiVersionText.value !== "beta") {
    throw new SettingsError(`${apiVersionText.source} (setting apiVersion) must be v1.0 or beta.`, [apiVersionText.source]);
  }
  if (apiVersionText !== undefined) sources.apiVersion = apiVersionText.source;

  const timeout = lookup.duration("operationTimeout", { minimumMs: 1_000, maximumMs: DAY_MS });
  const window = lookup.duration("consistencyWindow", { minimumMs: 0, maximumMs: DAY_MS });
  const debug = lookup.boolean("debug");
  if (timeout !== undefined) sources.operationTimeout = timeout.source;
  if (window !== undefined) sources.consistencyWindow = window.source;
  if (debug !== undefined) sources.debug = debug.source;

  return {
    cloud,
    graphEndpoint,
    authorityHost,
    // For a named cloud the token is for that cloud's Graph even when requests go elsewhere (a proxy, the
    // emulator standing in for the cloud); tokens of one cloud are worthless in another.
    graphScope: `${profile.graphEndpoint}/.default`,
    oidcAudience: audienceOverride?.value ?? profile.oidcAudience,
    disableInstanceDiscovery: !isMicrosoftAuthorityHost(authorityHost),
    apiVersion: apiVersionText?.value === "beta" ? "beta" : "v1.0",
    operationTimeoutMs: timeout?.value ?? DEFAULT_OPERATION_TIMEOUT_MS,
    consistencyWindowMs: window?.value ?? DEFAULT_CONSISTENCY_WINDOW_MS,
    debug: debug?.value ?? false,
    credential: planCredential(lookup),
    sources,
  };
}
