import type { SettingName } from "./catalogue";
import type { CredentialLookup } from "./credentialLookup";
import { layerOf, settingsError, sourcesOf, type FoundSetting, type SettingSources } from "./lookup";

/** A credential of an app registration (tenant and client) with the settings it takes. */
type App<K extends string, Settings> = { readonly kind: K; readonly tenantId: string; readonly clientId: string } & Readonly<Settings>;

/** Which Azure credential to build, from which settings, decided without I/O. Holds secrets: never log or store it. */
export type CredentialPlan = { readonly sources: SettingSources } & (
  // The certificate as PEM, key first, read from `clientCertificate` or `clientCertificatePath` (PFX or PEM).
  | App<"clientCertificate", { clientCertificate: string; sendCertificateChain?: boolean }>
  | App<"clientSecret", { clientSecret: string }>
  | App<"oidcToken", { oidcToken: string }>
  | App<"oidcTokenFile", { oidcTokenFilePath: string }>
  | App<"githubActions", { oidcRequestUrl: string; oidcRequestToken: string }>
  | App<"azurePipelines", { oidcRequestUrl: string; oidcRequestToken: string; adoPipelineServiceConnectionId: string }>
  | { readonly kind: "managedIdentity"; readonly clientId?: string; readonly imdsHost?: string }
  | { readonly kind: "azureCli"; readonly tenantId?: string }
  // Nothing complete: DefaultAzureCredential, remembering what was looked at first, in order.
  | { readonly kind: "defaultChain"; readonly tenantId?: string; readonly managedIdentityClientId?: string; readonly imdsHost?: string; considered: Considered }
  // A credential was demanded (`useOidc` or `useAksWorkloadIdentity` = true) but cannot be built: every token request fails, saying why.
  | { readonly kind: "unavailable"; readonly demandedBy: SettingName; readonly considered: Considered }
);

/** The credentials looked at and not chosen, in order. */
type Considered = readonly ConsideredCredential[];

/** Which `@azure/identity` credential a plan builds. */
export type CredentialKind = Exclude<CredentialPlan["kind"], "unavailable">;

/** A credential that was looked at and not chosen, and why (for the "no usable credential" message). */
export interface ConsideredCredential {
  /** The credential. */ readonly kind: CredentialKind;
  /** Settings that would have to be set (booleans: set to true) for it to be chosen. */ readonly missing: readonly SettingName[];
  /** The setting that turned it off (`useOidc` = false), when that is the reason. */ readonly disabledBy?: SettingName;
}

/** Human names of the credentials, for messages. */
export const CREDENTIAL_LABELS: Readonly<Record<CredentialKind, string>> = {
  clientCertificate: "client certificate", clientSecret: "client secret", oidcToken: "OIDC token", oidcTokenFile: "OIDC token file",
  githubActions: "OIDC token request (GitHub Actions)", azurePipelines: "Azure Pipelines service connection",
  managedIdentity: "managed identity", azureCli: "Azure CLI", defaultChain: "DefaultAzureCredential",
};

/** The settings whose values are secrets; messages are scrubbed of the values a plan holds for them. */
const SECRET_SETTINGS = ["clientSecret", "clientCertificate", "oidcToken", "oidcRequestToken"] as const;

/** `SYSTEM_OIDCREQUESTURI` only answers Azure Pipelines' POST with a service connection, never a GitHub-style GET. */
const AZURE_PIPELINES_REQUEST_URL = "SYSTEM_OIDCREQUESTURI";

/** The secret values a plan holds, so messages can be scrubbed of them. */
export function secretValuesOf(plan: CredentialPlan): readonly string[] {
  const fields = plan as Partial<Record<SettingName, string>>;
  return SECRET_SETTINGS.flatMap((name) => fields[name] ?? []);
}

/** A one-line summary safe to log: the credential and the keys its settings came from, no values. */
export function describeCredentialPlan(plan: CredentialPlan): string {
  const sources = Object.entries(plan.sources).map(([name, source]) => `${name} from ${source}`).join(", ");
  const label = plan.kind === "unavailable" ? `no credential (${plan.demandedBy} demands one)` : CREDENTIAL_LABELS[plan.kind];
  return sources === "" ? label : `${label} (${sources})`;
}

/**
 * Chooses the credential in the azuread provider's order (certificate, secret, OIDC token, token file, token request,
 * Azure Pipelines, `useMsi`, `useCli`, then DefaultAzureCredential). Missing settings never throw: a preview needs none.
 */
export function planCredential(lookup: CredentialLookup): CredentialPlan {
  const tenant = lookup.text("tenantId");
  const client = lookup.text("clientId");
  const considered: ConsideredCredential[] = [];
  const appMissing: SettingName[] = [...(tenant ? [] : ["tenantId" as const]), ...(client ? [] : ["clientId" as const])];

  /** The plan of an app credential when the app and every `needed` setting are set; else remembers what is missing. */
  const app = (
    kind: CredentialKind,
    needed: Partial<Record<SettingName, FoundSetting<string> | undefined>>,
    optional: Partial<Record<SettingName, FoundSetting<string> | undefined>> = {},
  ): CredentialPlan | undefined => {
    const missing = Object.keys(needed).filter((name) => needed[name as SettingName] === undefined) as SettingName[];
    if (tenant === undefined || client === undefined || missing.length > 0) {
      considered.push({ kind, missing: [...appMissing, ...missing] });
      return undefined;
    }
    const settings = Object.entries({ tenantId: tenant, clientId: client, ...needed, ...optional });
    return fromSettings(kind, Object.fromEntries(settings.map(([name, found]) => [name, [name as SettingName, found]])), {});
  };

  const pem = lookup.certificate();
  if (pem === undefined) considered.push({ kind: "clientCertificate", missing: [...appMissing, "clientCertificatePath"] });
  const chain = lookup.boolean("sendCertificateChain");
  const certificate = pem === undefined ? undefined : app("clientCertificate", { clientCertificate: pem });
  if (certificate !== undefined) {
    const extra = sourcesOf({ clientCertificatePassword: lookup.text("clientCertificatePassword"), sendCertificateChain: chain });
    return { ...certificate, ...(chain?.value ? { sendCertificateChain: true } : {}), sources: { ...certificate.sources, ...extra } } as CredentialPlan;
  }
  const secret = app("clientSecret", { clientSecret: lookup.text("clientSecret") });
  if (secret !== undefined) return secret;

  // AKS workload identity demands a federated credential, as `useOidc` = true does (its app and token file come from AKS).
  const aks = lookup.boolean("useAksWorkloadIdentity");
  const useOidc = aks?.value === true ? aks : lookup.boolean("useOidc");
  const demandedBy: SettingName = aks?.value === true ? "useAksWorkloadIdentity" : "useOidc";
  if (useOidc?.value === false) {
    considered.push({ kind: "oidcToken", missing: [], disabledBy: "useOidc" });
  } else {
    // Read only when needed: a malformed request URL must not fail a stack that signs in with a token.
    const requestPlan = (): CredentialPlan | undefined => {
      const requestUrl = lookup.httpsUrl("oidcRequestUrl", "query");
      // The bearer token goes to the URL, so both come from one layer: a URL set in stack config never receives the
      // token a CI system put in the environment (nor a configured token a URL from the environment).
      const requestToken = lookup.text("oidcRequestToken", requestUrl && layerOf(requestUrl.source));
      const elsewhere = requestUrl !== undefined && requestToken === undefined ? lookup.text("oidcRequestToken") : undefined;
      if (requestUrl !== undefined && elsewhere !== undefined && tenant !== undefined && client !== undefined) {
        const problem =
          `is set in the ${layerOf(requestUrl.source)}, but its bearer token only in the ${layerOf(elsewhere.source)} ` +
          `(${elsewhere.source}). A request URL and its token must come from the same place: set oidcRequestToken next ` +
          `to the URL, or remove ${requestUrl.source}.`;
        throw settingsError(requestUrl, "oidcRequestUrl", problem, elsewhere.source);
      }
      const connection = lookup.text("adoPipelineServiceConnectionId");
      const request = { oidcRequestUrl: requestUrl, oidcRequestToken: requestToken };
      return connection !== undefined || requestUrl?.source === AZURE_PIPELINES_REQUEST_URL
        ? app("azurePipelines", { ...request, adoPipelineServiceConnectionId: connection })
        : app("githubActions", request);
    };
    const oidc =
      app("oidcToken", { oidcToken: lookup.text("oidcToken") }) ??
      app("oidcTokenFile", { oidcTokenFilePath: lookup.text("oidcTokenFilePath") }) ??
      requestPlan();
    if (oidc !== undefined) return oidc;
    if (useOidc?.value === true) {
      const sources = { ...sourcesOf({ tenantId: tenant, clientId: client }), [demandedBy]: useOidc.source };
      return { kind: "unavailable", demandedBy, considered, sources };
    }
  }

  // The opt-in credentials, then DefaultAzureCredential. Only an explicit msiClientId goes to the chain: a clientId
  // without a secret names an app registration, and the chain reads AZURE_CLIENT_ID itself for managed identities.
  const msiClient = lookup.text("msiClientId");
  const useMsi = lookup.boolean("useMsi");
  const imds = lookup.imdsHost();
  const msi = { clientId: ["msiClientId", msiClient ?? client], imdsHost: ["msiEndpoint", imds] } as const;
  if (useMsi?.value === true) return fromSettings("managedIdentity", msi, { useMsi: useMsi.source });
  considered.push({ kind: "managedIdentity", missing: ["useMsi"] });
  const useCli = lookup.boolean("useCli");
  if (useCli?.value === true) return fromSettings("azureCli", { tenantId: ["tenantId", tenant] }, { useCli: useCli.source });
  considered.push({ kind: "azureCli", missing: ["useCli"] });
  const defaults = { tenantId: ["tenantId", tenant], managedIdentityClientId: ["msiClientId", msiClient], imdsHost: ["msiEndpoint", imds] } as const;
  return { ...fromSettings("defaultChain", defaults, {}), considered } as CredentialPlan;
}

/** A plan whose fields are the values of found settings (`field: [setting, found]`), with where each came from. */
function fromSettings(
  kind: CredentialKind,
  fields: Readonly<Record<string, readonly [SettingName, FoundSetting<string> | undefined]>>,
  sources: SettingSources,
): CredentialPlan {
  const found = Object.entries(fields).filter((entry): entry is [string, [SettingName, FoundSetting<string>]] => entry[1][1] !== undefined);
  const values = Object.fromEntries(found.map(([field, [, setting]]) => [field, setting.value]));
  const keys = Object.fromEntries(found.map(([, [name, setting]]) => [name, setting.source]));
  return { kind, ...values, sources: { ...sources, ...keys } } as CredentialPlan;
}
