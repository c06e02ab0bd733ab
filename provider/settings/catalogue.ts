/** How a setting's text is read; `secret` values never appear in messages or logs. */
export type SettingKind = "text" | "secret" | "boolean" | "url" | "duration" | "choice";

/** Where a setting may come from, in precedence order: our stack config key, azuread's, then environment variables. */
export interface SettingDefinition<Name extends string = SettingName> {
  /** The name after `graphsync:` in stack config. */ readonly name: Name;
  readonly kind: SettingKind;
  /** The stack config key in our own namespace, e.g. `graphsync:tenantId`. */ readonly configKey: string;
  /** The `@pulumi/azuread` stack config key read after ours, when azuread has the setting. */ readonly azureadKey?: string;
  /** Environment variables read after stack config, first match wins. */ readonly environment: readonly string[];
}

function row<Name extends string>(name: Name, kind: SettingKind, azuread: string | undefined, ...environment: string[]): SettingDefinition<Name> {
  const configKey = `graphsync:${name}`;
  return { name, kind, configKey, ...(azuread === undefined ? {} : { azureadKey: `azuread:${azuread}` }), environment };
}

/** Every setting, in README order; settings are read by these names only, and the README's table is rendered from here. */
export const SETTINGS_CATALOGUE = [
  row("cloud", "choice", "environment", "ARM_ENVIRONMENT"),
  row("graphEndpoint", "url", undefined),
  row("authorityHost", "url", undefined, "AZURE_AUTHORITY_HOST"),
  // The opt-ins that let tokens and credentials go to hosts we do not recognise: stack config only, so the choice is
  // written where the stack is reviewed, never picked up from a runner's environment.
  row("allowNonCloudEndpoints", "boolean", undefined),
  row("oidcAudience", "text", undefined),
  row("tenantId", "text", "tenantId", "ARM_TENANT_ID", "AZURE_TENANT_ID", "AZURESUBSCRIPTION_TENANT_ID"),
  row("clientId", "text", "clientId", "ARM_CLIENT_ID", "AZURE_CLIENT_ID", "AZURESUBSCRIPTION_CLIENT_ID"),
  row("clientIdFilePath", "text", "clientIdFilePath", "ARM_CLIENT_ID_FILE_PATH"),
  row("clientSecret", "secret", "clientSecret", "ARM_CLIENT_SECRET", "AZURE_CLIENT_SECRET"),
  row("clientSecretFilePath", "text", "clientSecretFilePath", "ARM_CLIENT_SECRET_FILE_PATH"),
  row("clientCertificate", "secret", "clientCertificate", "ARM_CLIENT_CERTIFICATE"),
  row("clientCertificatePath", "text", "clientCertificatePath",
    "ARM_CLIENT_CERTIFICATE_PATH", "AZURE_CLIENT_CERTIFICATE_PATH"),
  row("clientCertificatePassword", "secret", "clientCertificatePassword",
    "ARM_CLIENT_CERTIFICATE_PASSWORD", "AZURE_CLIENT_CERTIFICATE_PASSWORD"),
  row("sendCertificateChain", "boolean", undefined, "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN"),
  row("useOidc", "boolean", "useOidc", "ARM_USE_OIDC"),
  row("oidcToken", "secret", "oidcToken", "ARM_OIDC_TOKEN"),
  row("oidcTokenFilePath", "text", "oidcTokenFilePath", "ARM_OIDC_TOKEN_FILE_PATH", "AZURE_FEDERATED_TOKEN_FILE"),
  row("oidcRequestUrl", "url", "oidcRequestUrl",
    "ARM_OIDC_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_URL", "SYSTEM_OIDCREQUESTURI"),
  row("oidcRequestToken", "secret", "oidcRequestToken",
    "ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "SYSTEM_ACCESSTOKEN"),
  row("allowNonCiOidcRequestUrl", "boolean", undefined),
  row("adoPipelineServiceConnectionId", "text", "adoPipelineServiceConnectionId",
    "ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID", "ARM_OIDC_AZURE_SERVICE_CONNECTION_ID", "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID"),
  row("useAksWorkloadIdentity", "boolean", "useAksWorkloadIdentity", "ARM_USE_AKS_WORKLOAD_IDENTITY"),
  row("useMsi", "boolean", "useMsi", "ARM_USE_MSI"),
  row("msiEndpoint", "url", "msiEndpoint", "ARM_MSI_ENDPOINT"),
  row("msiClientId", "text", undefined),
  row("useCli", "boolean", "useCli", "ARM_USE_CLI"),
  row("apiVersion", "choice", undefined),
  row("operationTimeout", "duration", undefined),
  row("consistencyWindow", "duration", undefined),
  row("debug", "boolean", undefined, "GRAPHSYNC_DEBUG"),
] as const;

/** The name of one provider setting, as it appears after `graphsync:` in stack config. */
export type SettingName = (typeof SETTINGS_CATALOGUE)[number]["name"];

const KEYS_BY_NAME: ReadonlyMap<string, readonly string[]> = new Map(
  SETTINGS_CATALOGUE.map(({ name, configKey, azureadKey, environment }) => {
    return [name, [configKey, ...(azureadKey === undefined ? [] : [azureadKey]), ...environment]];
  }),
);

/** Every key a setting is read from, in precedence order, e.g. `graphsync:tenantId`, ..., `AZURE_TENANT_ID`. */
export const settingKeys = (name: SettingName): readonly string[] => KEYS_BY_NAME.get(name) ?? [];
