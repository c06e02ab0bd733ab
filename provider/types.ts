import type * as pulumi from "@pulumi/pulumi";

/** The Microsoft Graph API version the secrets are written through. */
export type GraphApiVersion = "v1.0" | "beta";

/**
 * A JSON value, for the keys whose value Graph stores as a JSON document (`SyncNotificationSettings`,
 * `Domain`, `AppKey`, ...).
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * The value of one secret key as you declare it. Graph stores strings: numbers and booleans are written in
 * their string form, objects (for the JSON-valued keys `SyncNotificationSettings`, `Domain` and `AppKey`) as
 * canonical JSON.
 */
export type SecretValueInput = string | number | boolean | { [key: string]: JsonValue };

/** One `{ key, value }` pair, in the list form `azuread.SynchronizationSecret` uses for `credentials`. */
export interface SecretPairInput {
  /** The secret key name, one of Graph's `synchronizationSecret` names, e.g. `"SecretToken"`. */ key: pulumi.Input<string>;
  /** The value to store under that key. */ value: pulumi.Input<SecretValueInput>;
}

/**
 * The secrets to store, as a map from key name to value, or as a list of `{ key, value }` pairs (the
 * `azuread.SynchronizationSecret` shape, so a migration only changes the class name).
 */
export type CredentialsInput =
  | Record<string, pulumi.Input<SecretValueInput>>
  | pulumi.Input<SecretPairInput>[];

/** The arguments for constructing a `SynchronizationSecrets` resource. */
export interface SynchronizationSecretsArgs {
  /**
   * The service principal (enterprise application) that holds the secrets: its object id (a GUID), or the
   * `/servicePrincipals/{id}` form that `@pulumi/azuread` resources use as their `id`. Changing it to
   * another principal replaces the resource: the new principal is written, then the old one is cleared.
   */
  servicePrincipalId: pulumi.Input<string>;
  /**
   * The secret keys this resource owns and their values. Keys on the service principal that are not declared
   * here are never read as drift and never changed. Every value is stored as a Pulumi secret, even when you pass
   * a plain string.
   */
  credentials: pulumi.Input<CredentialsInput>;
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
