import { DEFAULTS } from "../defaults";
import type { GraphApiVersion } from "../types";
import { planCredential, type CredentialPlan, type SettingSources } from "./credentialPlan";
import { resolveEndpoints, type CloudEndpoints } from "./endpoints";
import { type ConfigSource, SettingLookup } from "./lookup";
import { SettingsError } from "./settingsError";

/** Everything the provider process needs to reach Graph, resolved once. Pure: previews load it. */
export interface ProviderSettings extends Omit<CloudEndpoints, "sources"> {
  /** Default Graph version for resources that do not choose one. */ readonly apiVersion: GraphApiVersion;
  /** Overall budget of one operation, retries included. */ readonly operationTimeoutMs: number;
  /** How long a just-created service principal may answer 404 before that is an error. */ readonly consistencyWindowMs: number;
  /** Log requests (redacted). */ readonly debug: boolean;
  /** Which Azure credential to build. Holds secret values: never log or store it. */ readonly credential: CredentialPlan;
  /** Where each setting other than the credential's came from (key names only), for the debug log. */
  readonly sources: SettingSources;
}

const DAY_MS = 86_400_000;

/**
 * Resolves the provider's settings from stack config and the environment: per setting, `graphsync:` config, then
 * `azuread:` config, then the environment variables in catalogue order (`ARM_*` before `AZURE_*`). Nothing is fetched
 * and no credential is built; a missing credential is not an error here (a preview needs none). This is where every
 * setting is validated, once: the Graph client and the token source trust what it gives them.
 *
 * @param config - stack config with namespaced keys, as `configure` receives it
 * @param env - the provider process's environment
 * @throws SettingsError when a setting is malformed or contradicts another (names, never values)
 */
export function resolveSettings(config: ConfigSource, env: Readonly<Record<string, string | undefined>>): ProviderSettings {
  const lookup = new SettingLookup(config, env);
  const { sources: endpointSources, ...endpoints } = resolveEndpoints(lookup);
  const apiVersion = lookup.text("apiVersion");
  if (apiVersion !== undefined && apiVersion.value !== "v1.0" && apiVersion.value !== "beta") {
    throw new SettingsError(`${apiVersion.source} (setting apiVersion) must be v1.0 or beta.`, [apiVersion.source]);
  }
  const timeout = lookup.duration("operationTimeout", 1_000, DAY_MS);
  const consistencyWindow = lookup.duration("consistencyWindow", 0, DAY_MS);
  const debug = lookup.boolean("debug");
  return {
    ...endpoints,
    apiVersion: (apiVersion?.value as GraphApiVersion | undefined) ?? DEFAULTS.apiVersion,
    operationTimeoutMs: timeout?.value ?? DEFAULTS.operationTimeoutMs,
    consistencyWindowMs: consistencyWindow?.value ?? DEFAULTS.consistencyWindowMs,
    debug: debug?.value ?? false,
    credential: planCredential(lookup),
    sources: {
      ...endpointSources,
      ...(apiVersion === undefined ? {} : { apiVersion: apiVersion.source }),
      ...(timeout === undefined ? {} : { operationTimeout: timeout.source }),
      ...(consistencyWindow === undefined ? {} : { consistencyWindow: consistencyWindow.source }),
      ...(debug === undefined ? {} : { debug: debug.source }),
    },
  };
}
