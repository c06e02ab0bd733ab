import type { SettingName } from "./settingsCatalogue";

/** Which `@azure/identity` credential a plan builds. */
export type CredentialKind =
  | "clientCertificate"
  | "clientSecret"
  | "oidcToken"
  | "oidcTokenFile"
  | "githubActions"
  | "azurePipelines"
  | "managedIdentity"
  | "azureCli"
  | "defaultChain";

/** Where each setting a plan uses came from, e.g. `{ clientSecret: "ARM_CLIENT_SECRET" }`. Names only. */
export type SettingSources = Readonly<Partial<Record<SettingName, string>>>;

/** A credential that was looked at and not chosen, and why (for the "no usable credential" message). */
export interface ConsideredCredential {
  /** The credential. */
  readonly kind: CredentialKind;
  /** Settings that would have to be set (booleans: set to true) for it to be chosen. */
  readonly missing: readonly SettingName[];
  /** The setting that turned it off (`useOidc` = false), when that is the reason. */
  readonly disabledBy?: SettingName;
}

/** The service principal every app-registration credential signs in as. */
interface AppIdentity {
  /** Microsoft Entra tenant ID. */
  readonly tenantId: string;
  /** Application (client) ID. */
  readonly clientId: string;
}

interface Provenance {
  /** Where each setting used came from. */
  readonly sources: SettingSources;
}

/** Client secret (`ClientSecretCredential`). */
export interface ClientSecretPlan extends AppIdentity, Provenance {
  readonly kind: "clientSecret";
  /** The secret. Never log it. */
  readonly clientSecret: string;
}

/** PEM certificate with private key (`ClientCertificateCredential`). */
export interface ClientCertificatePlan extends AppIdentity, Provenance {
  readonly kind: "clientCertificate";
  /** Path of the PEM file. */
  readonly certificatePath: string;
  /** Passphrase of an encrypted key. Never log it. */
  readonly certificatePassword?: string;
}

/** A federated token given as a value (`ClientAssertionCredential`). */
export interface OidcTokenPlan extends AppIdentity, Provenance {
  readonly kind: "oidcToken";
  /** The federated token. Never log it. */
  readonly oidcToken: string;
}

/** A federated token read from a file (`WorkloadIdentityCredential`). */
export interface OidcTokenFilePlan extends AppIdentity, Provenance {
  readonly kind: "oidcTokenFile";
  /** Path of the token file. */
  readonly tokenFilePath: string;
}

/** A fresh federated token from a GitHub-Actions-style endpoint for every exchange (`ClientAssertionCredential`). */
export interface GithubActionsPlan extends AppIdentity, Provenance {
  readonly kind: "githubActions";
  /** The token endpoint; it already carries a query string. */
  readonly requestUrl: string;
  /** Bearer token for the endpoint. Never log it. */
  readonly requestToken: string;
}

/** A fresh federated token from an Azure Pipelines service connection for every exchange. */
export interface AzurePipelinesPlan extends AppIdentity, Provenance {
  readonly kind: "azurePipelines";
  /** `SYSTEM_OIDCREQUESTURI` or its configured replacement. */
  readonly requestUrl: string;
  /** The pipeline's `System.AccessToken`. Never log it. */
  readonly systemAccessToken: string;
  /** The service connection ID. */
  readonly serviceConnectionId: string;
}

/** The machine's managed identity (`ManagedIdentityCredential`). */
export interface ManagedIdentityPlan extends Provenance {
  readonly kind: "managedIdentity";
  /** Client ID of a user-assigned identity; system-assigned when absent. */
  readonly clientId?: string;
}

/** The Azure CLI's login (`AzureCliCredential`). */
export interface AzureCliPlan extends Provenance {
  readonly kind: "azureCli";
  /** Tenant to request tokens from, when set. */
  readonly tenantId?: string;
}

/** Nothing complete was configured: `DefaultAzureCredential`, remembering what was looked at. */
export interface DefaultChainPlan extends Provenance {
  readonly kind: "defaultChain";
  /** Tenant to pass to the chain, when set. */
  readonly tenantId?: string;
  /** Client ID for a user-assigned managed identity, when set. */
  readonly managedIdentityClientId?: string;
  /** Our own credentials that were looked at first, in order. */
  readonly considered: readonly ConsideredCredential[];
}

/** A credential was demanded (`useOidc` = true) but cannot be built; every token request fails with the reason. */
export interface UnavailablePlan extends Provenance {
  readonly kind: "unavailable";
  /** The setting that demanded it. */
  readonly demandedBy: SettingName;
  /** The credentials looked at, in order. */
  readonly considered: readonly ConsideredCredential[];
}

/**
 * Which credential to build and from which settings, decided without I/O. Holds the values needed to build it, so
 * it is never logged or stored; {@link describeCredentialPlan} gives a loggable summary.
 */
export type CredentialPlan =
  | ClientSecretPlan
  | ClientCertificatePlan
  | OidcTokenPlan
  | OidcTokenFilePlan
  | GithubActionsPlan
  | AzurePipelinesPlan
  | ManagedIdentityPlan
  | AzureCliPlan
  | DefaultChainPlan
  | UnavailablePlan;

/** Human names of the credentials, for messages. */
export const CREDENTIAL_LABELS: Readonly<Record<CredentialKind, string>> = {
  clientCertificate: "client certificate",
  clientSecret: "client secret",
  oidcToken: "OIDC token",
  oidcTokenFile: "OIDC token file",
  githubActions: "OIDC token request (GitHub Actions)",
  azurePipelines: "Azure Pipelines service connection",
  managedIdentity: "managed identity",
  azureCli: "Azure CLI",
  defaultChain: "DefaultAzureCredential",
};

/** The secret values a plan holds, so messages can be scrubbed of them. */
export function secretValuesOf(plan: CredentialPlan): readonly string[] {
  switch (plan.kind) {
    case "clientSecret":
      return [plan.clientSecret];
    case "clientCertificate":
      return plan.certificatePassword === undefined ? [] : [plan.certificatePassword];
    case "oidcToken":
      return [plan.oidcToken];
    case "githubActions":
      return [plan.requestToken];
    case "azurePipelines":
      return [plan.systemAccessToken];
    default:
      return [];
  }
}

/** A one-line summary safe to log: the credential and the keys its settings came from, no values. */
export function describeCredentialPlan(plan: CredentialPlan): string {
  const sources = Object.entries(plan.sources)
    .map(([name, source]) => `${name} from ${source}`)
    .join(", ");
  const label = plan.kind === "unavailable" ? `no credential (${plan.demandedBy} demands one)` : CREDENTIAL_LABELS[plan.kind];
  return sources === "" ? label : `${label} (${sources})`;
}
