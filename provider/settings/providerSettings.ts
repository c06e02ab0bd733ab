import { DEFAULTS } from "../defaults";
import type { GraphApiVersion } from "../types";
import { CredentialLookup, type SettingFiles } from "./credentialLookup";
import { planCredential, type CredentialPlan } from "./credentialPlan";
import { resolveEndpoints, type CloudEndpoints } from "./endpoints";
import { type ConfigSource, sourcesOf, type SettingSources } from "./lookup";
import { checkOidcRequestHost } from "./trustedHosts";

/** Everything the provider process needs to reach Graph, resolved once. Pure: previews load it. */
export interface ProviderSettings extends Omit<CloudEndpoints, "sources"> {
  /** Default Graph version for resources that do not choose one. */ readonly apiVersion: GraphApiVersion;
  /** Overall budget of one operation, retries included. */ readonly operationTimeoutMs: number;
  /** How long writes wait out a just-created service principal's answers while it replicates. */ readonly consistencyWindowMs: number;
  /** Log requests (redacted). */ readonly debug: boolean;
  /** Which Azure credential to build. Holds secret values: never log or store it. */ readonly credential: CredentialPlan;
  /** Where each setting other than the credential's came from (key names only), for the debug log. */ readonly sources: SettingSources;
  /** Hosts outside the cloud or the CI systems that an opt-in let through: shown to the user on every run. */
  readonly warnings: readonly string[];
}

const DAY_MS = 86_400_000;

/**
 * Resolves and validates the settings from stack config (namespaced keys) and the environment. Nothing is fetched or built,
 * so a preview needs no credential; the files settings name are read here, once. A `SettingsError` names keys, never values.
 */
export function resolveSettings(
  config: ConfigSource,
  env: Readonly<Record<string, string | undefined>>,
  files?: SettingFiles,
): ProviderSettings {
  const lookup = new CredentialLookup(config, env, files);
  const { sources: endpointSources, warnings: endpointWarnings, ...endpoints } = resolveEndpoints(lookup);
  const apiVersion = lookup.read("apiVersion", "must be v1.0 or beta.", (text) => (text === "v1.0" || text === "beta" ? text : undefined));
  const timeout = lookup.duration("operationTimeout", 1_000, DAY_MS);
  const consistencyWindow = lookup.duration("consistencyWindow", 0, DAY_MS);
  const debug = lookup.boolean("debug");
  const credential = planCredential(lookup);
  const requestUrl =
    credential.kind === "githubActions" || credential.kind === "azurePipelines"
      ? { value: credential.oidcRequestUrl, source: credential.sources.oidcRequestUrl ?? "oidcRequestUrl" }
      : undefined;
  return {
    ...endpoints,
    apiVersion: apiVersion?.value ?? DEFAULTS.apiVersion,
    operationTimeoutMs: timeout?.value ?? DEFAULTS.operationTimeoutMs,
    consistencyWindowMs: consistencyWindow?.value ?? DEFAULTS.consistencyWindowMs,
    debug: debug?.value ?? false,
    credential,
    sources: { ...endpointSources, ...sourcesOf({ apiVersion, operationTimeout: timeout, consistencyWindow, debug }) },
    warnings: [...endpointWarnings, ...(requestUrl === undefined ? [] : checkOidcRequestHost(lookup, requestUrl))],
  };
}
