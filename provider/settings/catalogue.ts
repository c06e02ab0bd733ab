/** The name of one provider setting, as it appears after `graphsync:` in stack config. */
export type SettingName =
  | "cloud" | "graphEndpoint" | "authorityHost" | "oidcAudience" | "tenantId" | "clientId" | "clientSecret"
  | "clientCertificatePath" | "clientCertificatePassword" | "useOidc" | "oidcToken" | "oidcTokenFilePath"
  | "oidcRequestUrl" | "oidcRequestToken" | "adoPipelineServiceConnectionId" | "useMsi" | "msiClientId" | "useCli"
  | "apiVersion" | "operationTimeout" | "consistencyWindow" | "debug";

/** How a setting's text is read; `secret` values never appear in messages or logs. */
export type SettingKind = "text" | "secret" | "boolean" | "url" | "duration" | "choice";

/** One row of the configuration table: where a setting may come from, in precedence order, and what it means. */
export interface SettingDefinition {
  /** The setting's name. */
  readonly name: SettingName;
  /** How the text is read. */
  readonly kind: SettingKind;
  /** The stack config key in our own namespace, e.g. `graphsync:tenantId`. */
  readonly configKey: string;
  /** The `@pulumi/azuread` stack config key read after ours, when azuread has the same setting. */
  readonly azureadKey?: string;
  /** Environment variables read after stack config, first match wins. */
  readonly environment: readonly string[];
  /** What applies when nothing is set, for the table. */
  readonly defaultText: string;
  /** One sentence for the table. */
  readonly description: string;
}

function row(
  name: SettingName,
  kind: SettingKind,
  sources: { azuread?: string; environment?: readonly string[] },
  defaultText: string,
  description: string,
): SettingDefinition {
  const azureadKey = sources.azuread === undefined ? {} : { azureadKey: `azuread:${sources.azuread}` };
  return { name, kind, configKey: `graphsync:${name}`, ...azureadKey, environment: sources.environment ?? [], defaultText, description };
}

/**
 * Every provider setting, in the order the README lists them. Settings are read only by the names here, and the
 * README's configuration table is rendered from here (`scripts/configurationTable.ts`), so the two cannot drift apart.
 */
export const SETTINGS_CATALOGUE: readonly SettingDefinition[] = [
  row("cloud", "choice", { azuread: "environment", environment: ["ARM_ENVIRONMENT"] }, "`public`",
    "Microsoft cloud: `public` (or `global`), `usgovernment` (or `usgovernmentl4`), `usgovernmentdod` (or `dod`, " +
      "`usgovernmentl5`), `china`, or `custom` (then `graphEndpoint` and `authorityHost` are required)."),
  row("graphEndpoint", "url", {}, "the cloud's Graph endpoint",
    "Where Graph requests are sent. For a named cloud the token is still requested for that cloud's Graph; for " +
      "`custom` it is also the token's resource (`<graphEndpoint>/.default`)."),
  row("authorityHost", "url", { environment: ["AZURE_AUTHORITY_HOST"] }, "the cloud's Entra authority",
    "Where tokens are requested. A host that is not Microsoft's is used with instance discovery disabled."),
  row("oidcAudience", "text", {}, "the cloud's token-exchange audience",
    "Audience requested for federated (OIDC) tokens from GitHub Actions or `oidcRequestUrl`."),
  row("tenantId", "text", { azuread: "tenantId", environment: ["ARM_TENANT_ID", "AZURE_TENANT_ID", "AZURESUBSCRIPTION_TENANT_ID"] },
    "none", "Microsoft Entra tenant (directory) ID. Needed by every credential except managed identity and the Azure CLI."),
  row("clientId", "text", { azuread: "clientId", environment: ["ARM_CLIENT_ID", "AZURE_CLIENT_ID", "AZURESUBSCRIPTION_CLIENT_ID"] },
    "none", "Application (client) ID of the app registration; with `useMsi`, the user-assigned identity's client ID."),
  row("clientSecret", "secret", { azuread: "clientSecret", environment: ["ARM_CLIENT_SECRET", "AZURE_CLIENT_SECRET"] }, "none",
    "Client secret of the app registration (set it with `pulumi config set --secret`)."),
  row("clientCertificatePath", "text",
    { azuread: "clientCertificatePath", environment: ["ARM_CLIENT_CERTIFICATE_PATH", "AZURE_CLIENT_CERTIFICATE_PATH"] }, "none",
    "Path to a PEM file holding the certificate and its private key (convert a .pfx with `openssl pkcs12 -nodes`)."),
  row("clientCertificatePassword", "secret",
    { azuread: "clientCertificatePassword", environment: ["ARM_CLIENT_CERTIFICATE_PASSWORD", "AZURE_CLIENT_CERTIFICATE_PASSWORD"] },
    "none", "Passphrase of an encrypted private key in `clientCertificatePath`."),
  row("useOidc", "boolean", { azuread: "useOidc", environment: ["ARM_USE_OIDC"] }, "unset: used when an OIDC source is complete",
    "`true` requires a federated (OIDC) credential; `false` never uses one."),
  row("oidcToken", "secret", { azuread: "oidcToken", environment: ["ARM_OIDC_TOKEN"] }, "none",
    "A federated ID token to exchange (it expires; prefer `oidcRequestUrl` or `oidcTokenFilePath`)."),
  row("oidcTokenFilePath", "text", { azuread: "oidcTokenFilePath", environment: ["ARM_OIDC_TOKEN_FILE_PATH", "AZURE_FEDERATED_TOKEN_FILE"] },
    "none", "File holding a federated ID token, re-read as it is refreshed (workload identity)."),
  row("oidcRequestUrl", "url",
    { azuread: "oidcRequestUrl", environment: ["ARM_OIDC_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_URL", "SYSTEM_OIDCREQUESTURI"] },
    "none", "Endpoint that issues a fresh federated token for every exchange (GitHub Actions, or Azure Pipelines with " +
      "`adoPipelineServiceConnectionId`)."),
  row("oidcRequestToken", "secret",
    { azuread: "oidcRequestToken", environment: ["ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "SYSTEM_ACCESSTOKEN"] },
    "none", "Bearer token for `oidcRequestUrl` (in Azure Pipelines map `SYSTEM_ACCESSTOKEN: $(System.AccessToken)`)."),
  row("adoPipelineServiceConnectionId", "text", {
    azuread: "adoPipelineServiceConnectionId",
    environment: ["ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID", "ARM_OIDC_AZURE_SERVICE_CONNECTION_ID", "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID"],
  }, "none", "Azure Pipelines service connection (workload identity federation) whose token is exchanged."),
  row("useMsi", "boolean", { azuread: "useMsi", environment: ["ARM_USE_MSI"] }, "`false`",
    "Use the managed identity of the machine when no client secret, certificate or OIDC source is complete."),
  row("msiClientId", "text", {}, "`clientId`", "Client ID of a user-assigned managed identity."),
  row("useCli", "boolean", { azuread: "useCli", environment: ["ARM_USE_CLI"] }, "unset: DefaultAzureCredential",
    "`true` uses the Azure CLI login when nothing above is complete, instead of DefaultAzureCredential."),
  row("apiVersion", "choice", {}, "`v1.0`", "Default Graph version for resources that do not set one: `v1.0` or `beta`."),
  row("operationTimeout", "duration", {}, "`5m`",
    "Overall budget for one create, update, read or delete, retries included. A duration such as `90s`, `5m`, " +
      "`1m30s`, `1500ms`, or a number of seconds."),
  row("consistencyWindow", "duration", {}, "`2m`",
    "How long a just-created service principal may still answer 404 before that is an error (same format; `0` " +
      "turns the wait off)."),
  row("debug", "boolean", { environment: ["GRAPHSYNC_DEBUG"] }, "`false`",
    "Log each Graph request attempt (method, path, status, duration, ids; redacted) to the provider's stderr, which Pulumi shows."),
];

const KEYS_BY_NAME: ReadonlyMap<string, readonly string[]> = new Map(
  SETTINGS_CATALOGUE.map((setting) => [setting.name, [setting.configKey, ...(setting.azureadKey === undefined ? [] : [setting.azureadKey]), ...setting.environment]]),
);

/** Every key a setting is read from, in precedence order, e.g. `graphsync:tenantId`, ..., `AZURE_TENANT_ID`. */
export function settingKeys(name: SettingName): readonly string[] {
  return KEYS_BY_NAME.get(name) ?? [];
}
