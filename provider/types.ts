import type * as pulumi from "@pulumi/pulumi";

/** The Microsoft Graph API version the secrets are written through. */
export type GraphApiVersion = "v1.0" | "beta";

/** The 45 documented `synchronizationSecret` key names (case-sensitive), in the order of the Graph docs. */
export type SynchronizationSecretKey =
  | "None" | "UserName" | "Password" | "SecretToken" | "AppKey" | "BaseAddress" | "ClientIdentifier" | "ClientSecret"
  | "SingleSignOnType" | "Sandbox" | "Url" | "Domain" | "ConsumerKey" | "ConsumerSecret" | "TokenKey" | "TokenExpiration"
  | "Oauth2AccessToken" | "Oauth2AccessTokenCreationTime" | "Oauth2RefreshToken" | "SyncAll" | "InstanceName"
  | "Oauth2ClientId" | "Oauth2ClientSecret" | "CompanyId" | "UpdateKeyOnSoftDelete" | "SynchronizationSchedule"
  | "SystemOfRecord" | "SandboxName" | "EnforceDomain" | "SyncNotificationSettings" | "SkipOutOfScopeDeletions"
  | "Oauth2AuthorizationCode" | "Oauth2RedirectUri" | "ApplicationTemplateIdentifier" | "Oauth2TokenExchangeUri"
  | "Oauth2AuthorizationUri" | "AuthenticationType" | "Server" | "PerformInboundEntitlementGrants" | "HardDeletesEnabled"
  | "SyncAgentCompatibilityKey" | "SyncAgentADContainer" | "ValidateDomain" | "TestReferences" | "ConnectionString";

/** A JSON value, for the keys whose value Graph stores as a JSON document (`SyncNotificationSettings`, `Domain`, `AppKey`). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * The value of one secret key as you declare it. Graph stores strings: numbers and booleans are written in their string
 * form, objects (for the JSON-valued keys `SyncNotificationSettings`, `Domain` and `AppKey`) as canonical JSON.
 */
export type SecretValueInput = string | number | boolean | { [key: string]: JsonValue };

/** `SyncNotificationSettings`: the provisioning job's notification e-mails and accidental-deletion threshold. */
export interface SyncNotificationSettings {
  /** Send an e-mail when the job goes into quarantine. */ Enabled?: boolean;
  /** Who gets it: e-mail addresses separated by `;`. */ Recipients?: string;
  /** Stop the job when a cycle would delete more objects than the threshold. */ DeleteThresholdEnabled?: boolean;
  /** The threshold: how many deletions a cycle may make. */ DeleteThresholdValue?: number;
}

/** `Domain` of a Cloud Sync configuration: the Active Directory domain it synchronizes. */
export interface DomainSetting {
  /** The domain name, e.g. `contoso.com`. */ domain: string;
}

/** `AppKey` of a Cloud Sync configuration: which scenario the agent runs. */
export interface AppKeySetting {
  /** `AD2AADPasswordHash` or `AD2AADProvisioning`. */ appKeyScenario: "AD2AADPasswordHash" | "AD2AADProvisioning";
}

/** What one documented key takes: the JSON-valued keys their typed object (or its JSON text), the others a plain value. */
export type SecretValueOf<Key extends SynchronizationSecretKey> = Key extends "SyncNotificationSettings"
  ? SyncNotificationSettings | string
  : Key extends "Domain" ? DomainSetting | string : Key extends "AppKey" ? AppKeySetting | string : string | number | boolean;

/** The map form: documented key names to their values (an editor completes the names and checks each value). */
export type SecretsByKey = { [Key in SynchronizationSecretKey]?: pulumi.Input<SecretValueOf<Key>> };

/** One `{ key, value }` entry of the list form `azuread.SynchronizationSecret` uses, its value typed by its key. */
export type SecretPairInput = { [Key in SynchronizationSecretKey]: { key: Key; value: pulumi.Input<SecretValueOf<Key>> } }[SynchronizationSecretKey];

/** The secrets to store, as a map or as a list of `{ key, value }` pairs (so a migration only changes the class name). */
export type CredentialsInput = SecretsByKey | pulumi.Input<SecretPairInput>[];

/** Secrets that may use a key name this release does not know (one Graph added later), next to the documented ones. */
export type CredentialsWithUnknownKeysInput =
  | (SecretsByKey & { [key: string]: pulumi.Input<SecretValueInput> | undefined })
  | pulumi.Input<SecretPairInput | { key: string; value: pulumi.Input<SecretValueInput> }>[];

/** The arguments for constructing a `SynchronizationSecrets` resource (documented key names only). */
export interface SynchronizationSecretsArgs {
  /**
   * The service principal (enterprise application) that holds the secrets: its object id (a GUID), or the
   * `/servicePrincipals/{id}` form that `@pulumi/azuread` resources use as their `id`. Changing it to
   * another principal replaces the resource: the new principal is written, then the old one is cleared.
   */
  servicePrincipalId: pulumi.Input<string>;
  /**
   * The secret keys this resource owns and their values. Keys on the service principal that are not declared
   * here are never read as drift and never written (a Graph that replaced the whole set on each write would drop
   * them itself; see the README). Every value is stored as a Pulumi secret, even when you pass a plain string.
   */
  credentials: pulumi.Input<CredentialsInput>;
  /** Unset or `false`: every key must be one of the documented names (a near miss fails the preview, saying which). */
  allowUnknownKeys?: false;
  /** The Graph API version to call, `"v1.0"` (the default, or the stack's `graphsync:apiVersion`) or `"beta"`. */
  apiVersion?: pulumi.Input<GraphApiVersion>;
  /**
   * A synchronization job of the same principal through which Graph tests the credentials (`validateCredentials`, with
   * the values about to be written) before each write; on failure nothing is written. A `SynchronizationJob` declared
   * with `waitForCredentials` is also started once the credentials are saved. Or a job id, to test only.
   */
  validateWith?: pulumi.Input<string> | SynchronizationJobReference;
}

/**
 * What `validateWith` reads of a `SynchronizationJob` (any object with these outputs): the job to test the credentials
 * through, and whether it waits for them to be saved before its first start.
 */
export interface SynchronizationJobReference {
  /** The job's id. */ readonly jobId: pulumi.Output<string>;
  /** Whether the job is declared to run. */ readonly enabled: pulumi.Output<boolean>;
  /** Whether its first start waits for the credentials. */ readonly waitForCredentials: pulumi.Output<boolean>;
}

/** The arguments with `allowUnknownKeys: true`: `credentials` may also use key names this release does not know. */
export interface SynchronizationSecretsArgsWithUnknownKeys {
  /** As in {@link SynchronizationSecretsArgs}. */ servicePrincipalId: pulumi.Input<string>;
  /** The documented keys as in {@link SynchronizationSecretsArgs}, and others written as plain (not JSON-valued) keys. */
  credentials: pulumi.Input<CredentialsWithUnknownKeysInput>;
  /** The explicit opt-in for key names Graph added after this release; names must still be letters and digits. */
  allowUnknownKeys: true;
  /** As in {@link SynchronizationSecretsArgs}. */ apiVersion?: pulumi.Input<GraphApiVersion>;
  /** As in {@link SynchronizationSecretsArgs}. */ validateWith?: pulumi.Input<string> | SynchronizationJobReference;
}
