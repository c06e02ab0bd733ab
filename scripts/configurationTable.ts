/**
 * Renders the README's configuration table from the settings catalogue, with each setting's default and description
 * (a build tool, not part of the package): `npx tsx scripts/configurationTable.ts` prints it, and
 * test/unit/docs/readme.test.ts checks that the README embeds it as it is.
 */
import { SETTINGS_CATALOGUE, type SettingName } from "../provider/settings/catalogue";

/** What the table says of each setting: what applies when it is not set, and what it does. */
export const SETTING_DOCS: Readonly<Record<SettingName, readonly [defaultText: string, description: string]>> = {
  cloud: [
    "`public`",
    "Microsoft cloud: `public` (or `global`), `usgovernment` (or `usgovernmentl4`), `usgovernmentdod` (or `dod`, " +
      "`usgovernmentl5`), `china`, or `custom` (then `graphEndpoint` and `authorityHost` are required).",
  ],
  graphEndpoint: [
    "the cloud's Graph endpoint",
    "Where Graph requests are sent: an https origin (scheme, host, port), no path. For a named cloud it must be " +
      "that cloud's Graph (else `custom` or `allowNonCloudEndpoints`), and the token is for that cloud's Graph; for " +
      "`custom` it is also the token's resource (`<graphEndpoint>/.default`).",
  ],
  authorityHost: [
    "the cloud's Entra authority",
    "Where tokens are requested. For a named cloud it must be that cloud's own authority (else `custom` or " +
      "`allowNonCloudEndpoints`); a host that is not Microsoft's is then used with instance discovery disabled.",
  ],
  allowNonCloudEndpoints: [
    "`false`",
    "`true` lets a named cloud's tokens and credentials go to a `graphEndpoint` or `authorityHost` that is not that " +
      "cloud's own host (a proxy, a Graph emulator); every run then warns, naming the host. Stack config only.",
  ],
  oidcAudience: [
    "the cloud's token-exchange audience",
    "Audience requested for federated (OIDC) tokens from GitHub Actions or `oidcRequestUrl`.",
  ],
  tenantId: [
    "none",
    "Microsoft Entra tenant (directory) ID. Needed by every credential except managed identity and the Azure CLI.",
  ],
  clientId: [
    "none",
    "Application (client) ID of the app registration; with `useMsi`, the user-assigned identity's client ID.",
  ],
  clientIdFilePath: [
    "none",
    "File holding the client ID (trimmed), as mounted secrets are; it must agree with a `clientId` set at the same level.",
  ],
  clientSecret: [
    "none",
    "Client secret of the app registration (set it with `pulumi config set --secret`).",
  ],
  clientSecretFilePath: [
    "none",
    "File holding the client secret (trimmed), e.g. a Kubernetes or CI secret mounted as a file.",
  ],
  clientCertificate: [
    "none",
    "The certificate as base64 text: a PFX (PKCS #12) file's content, as azuread takes it; read with `clientCertificatePassword`.",
  ],
  clientCertificatePath: [
    "none",
    "Path to the certificate with its private key: a PFX (PKCS #12, modern AES or legacy 3DES/RC2) or a PEM file, told apart " +
      "by content.",
  ],
  clientCertificatePassword: [
    "none",
    "Password of the PFX, or passphrase of an encrypted PEM key. A wrong one fails at configure, naming the setting.",
  ],
  sendCertificateChain: [
    "`false`",
    "Send the certificate chain (`x5c`) with each sign-in, for subject name and issuer authentication.",
  ],
  useOidc: [
    "unset: used when an OIDC source is complete",
    "`true` requires a federated (OIDC) credential; `false` never uses one.",
  ],
  oidcToken: [
    "none",
    "A federated ID token to exchange (it expires; prefer `oidcRequestUrl` or `oidcTokenFilePath`).",
  ],
  oidcTokenFilePath: [
    "none",
    "File holding a federated ID token, re-read as it is refreshed (workload identity).",
  ],
  oidcRequestUrl: [
    "none",
    "Endpoint that issues a fresh federated token for every exchange (GitHub Actions, or Azure Pipelines with " +
      "`adoPipelineServiceConnectionId`).",
  ],
  oidcRequestToken: [
    "none",
    "Bearer token for `oidcRequestUrl` (in Azure Pipelines map `SYSTEM_ACCESSTOKEN: $(System.AccessToken)`); " +
      "taken from the same place as the URL (stack config or environment), never one from each.",
  ],
  allowNonCiOidcRequestUrl: [
    "`false`",
    "`true` lets `oidcRequestToken` go to an `oidcRequestUrl` that is not a GitHub Actions " +
      "(`*.actions.githubusercontent.com`) or Azure DevOps (`dev.azure.com`, `*.visualstudio.com`) host; every run " +
      "then warns, naming the host. Stack config only.",
  ],
  adoPipelineServiceConnectionId: [
    "none",
    "Azure Pipelines service connection (workload identity federation) whose token is exchanged.",
  ],
  useAksWorkloadIdentity: [
    "`false`",
    "Sign in as AKS workload identity sets up a pod: tenant, client and token file from `AZURE_TENANT_ID`, " +
      "`AZURE_CLIENT_ID` and `AZURE_FEDERATED_TOKEN_FILE`; other values for them are an error.",
  ],
  useMsi: [
    "`false`",
    "Use the managed identity of the machine when no client secret, certificate or OIDC source is complete.",
  ],
  msiEndpoint: [
    "the instance metadata service",
    "The managed-identity token endpoint of the instance metadata service shape (`.../metadata/identity/oauth2/token`), " +
      "for a proxy or emulator in its place.",
  ],
  msiClientId: [
    "`clientId`",
    "Client ID of a user-assigned managed identity.",
  ],
  useCli: [
    "unset: DefaultAzureCredential",
    "`true` uses the Azure CLI login when nothing above is complete, instead of DefaultAzureCredential.",
  ],
  apiVersion: [
    "`v1.0`",
    "Default Graph version for resources that do not set one: `v1.0` or `beta`.",
  ],
  operationTimeout: [
    "`5m`",
    "Overall budget for one create, update, read or delete, retries included. A duration such as `90s`, `5m`, " +
      "`1m30s`, `1500ms`, or a number of seconds.",
  ],
  consistencyWindow: [
    "`2m`",
    "How long create and update wait out the answers of a just-created service principal that Graph is still " +
      "replicating (404, 400 NoBackingApplicationObject, 403, 409, 401) before they are errors (same format; `0` " +
      "turns the wait off).",
  ],
  debug: [
    "`false`",
    "Log each Graph request attempt (method, path, status, duration, ids; redacted) to the provider's stderr, " +
      "which Pulumi shows.",
  ],
};

const code = (text: string): string => `\`${text}\``;

/** The configuration table, GitHub-flavoured markdown, one row per setting in catalogue order. */
export function renderConfigurationTable(): string {
  const rows = SETTINGS_CATALOGUE.map((setting) =>
    [
      code(setting.name) + (setting.kind === "secret" ? " (secret)" : ""),
      code(setting.configKey),
      setting.azureadKey === undefined ? "" : code(setting.azureadKey),
      setting.environment.map(code).join(", "),
      ...SETTING_DOCS[setting.name],
    ].map((cell) => cell.replace(/\|/g, "\\|")),
  );
  return [
    "| Setting | Stack config | `@pulumi/azuread` config | Environment | Default | Description |",
    "|---|---|---|---|---|---|",
    ...rows.map((cells) => `| ${cells.join(" | ")} |`),
  ].join("\n") + "\n";
}

if (require.main === module) {
  process.stdout.write(renderConfigurationTable());
}
