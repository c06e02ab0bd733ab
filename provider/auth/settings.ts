// Pure: no @azure/identity, no I/O. check and diff load this during a preview.

import type { CredentialPlan, SettingSources } from "./credentialPlan";
import { planCredential } from "./credentialPlanner";
import { resolveEndpoints, type CloudEndpoints } from "./endpoints";
import { SettingsError } from "./errors/settingsError";
import { type ConfigSource, SettingLookup } from "./settingLookup";

export type { ConfigSource } from "./settingLookup";
export type { CloudName } from "./clouds";

/** The Graph API versions a resource may target. */
export type ApiVersion = "v1.0" | "beta";

/** Everything the provider process needs to reach Graph, resolved once in `configure`. */
export interface ProviderSettings extends Omit<CloudEndpoints, "sources"> {
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
  const endpoints = resolveEndpoints(lookup);

  const apiVersion = lookup.text("apiVersion");
  if (apiVersion !== undefined && apiVersion.value !== "v1.0" && apiVersion.value !== "beta") {
    throw new SettingsError(`${apiVersion.source} (setting apiVersion) must be v1.0 or beta.`, [apiVersion.source]);
  }
  const timeout = lookup.duration("operationTimeout", { minimumMs: 1_000, maximumMs: DAY_MS });
  const consistencyWindow = lookup.duration("consistencyWindow", { minimumMs: 0, maximumMs: DAY_MS });
  const debug = lookup.boolean("debug");

  return {
    cloud: endpoints.cloud,
    graphEndpoint: endpoints.graphEndpoint,
    authorityHost: endpoints.authorityHost,
    graphScope: endpoints.graphScope,
    oidcAudience: endpoints.oidcAudience,
    disableInstanceDiscovery: endpoints.disableInstanceDiscovery,
    apiVersion: apiVersion?.value === "beta" ? "beta" : "v1.0",
    operationTimeoutMs: timeout?.value ?? DEFAULT_OPERATION_TIMEOUT_MS,
    consistencyWindowMs: consistencyWindow?.value ?? DEFAULT_CONSISTENCY_WINDOW_MS,
    debug: debug?.value ?? false,
    credential: planCredential(lookup),
    sources: {
      ...endpoints.sources,
      ...(apiVersion === undefined ? {} : { apiVersion: apiVersion.source }),
      ...(timeout === undefined ? {} : { operationTimeout: timeout.source }),
      ...(consistencyWindow === undefined ? {} : { consistencyWindow: consistencyWindow.source }),
      ...(debug === undefined ? {} : { debug: debug.source }),
    },
  };
}
