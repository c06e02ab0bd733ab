import * as pulumi from "@pulumi/pulumi";
import synchronizationSecretsProvider = require("./shim");

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
  /** The secret key name, one of Graph's `synchronizationSecret` names, e.g. `"SecretToken"`. */
  key: pulumi.Input<string>;
  /** The value to store under that key. */
  value: pulumi.Input<SecretValueInput>;
}

/**
 * The secrets to store, as a map from key name to value, or as a list of `{ key, value }` pairs (the
 * `azuread.SynchronizationSecret` shape, so a migration only changes the class name).
 */
export type CredentialsInput =
  | Record<string, pulumi.Input<SecretValueInput>>
  | pulumi.Input<SecretPairInput>[];

/** The arguments for constructing a {@link SynchronizationSecrets} resource. */
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
  /**
   * The Graph API version to call, `"v1.0"` (the default, or the stack's `graphsync:apiVersion`) or `"beta"`.
   */
  apiVersion?: pulumi.Input<GraphApiVersion>;
}

/**
 * The provisioning secrets (`synchronization/secrets`) of one Microsoft Entra service principal, such as the
 * `BaseAddress` and `SecretToken` of a SCIM application, or the `SyncNotificationSettings` of a Cloud Sync
 * configuration.
 *
 * The resource owns only the keys you declare: it writes them with one `PUT` on create and update, clears them on
 * delete, and ignores every other key the service principal holds. A preview needs no credentials and makes no
 * call to Microsoft Graph.
 *
 * @example
 * ```ts
 * const secrets = new SynchronizationSecrets("scim", {
 *   servicePrincipalId: servicePrincipal.objectId,
 *   credentials: {
 *     BaseAddress: "https://scim.example.com/v2",
 *     SecretToken: config.requireSecret("scimToken"),
 *     SyncNotificationSettings: { Enabled: true, Recipients: "ops@example.com" },
 *   },
 * });
 * ```
 */
export class SynchronizationSecrets extends pulumi.dynamic.Resource {
  /** The Pulumi type token of this resource. */
  static readonly pulumiType = "pulumi-nodejs:dynamic/graphsync:SynchronizationSecrets";

  /** The object id (lowercase GUID) of the service principal that holds the secrets. */
  declare readonly servicePrincipalId: pulumi.Output<string>;
  /** The sorted names of the keys this resource manages. Not secret: visible in previews and outputs. */
  declare readonly keys: pulumi.Output<string[]>;
  /** The managed keys and their values as Graph stores them (strings; canonical JSON). Always secret. */
  declare readonly credentials: pulumi.Output<Record<string, string>>;
  /** The Graph API version the secrets are written through. */
  declare readonly apiVersion: pulumi.Output<GraphApiVersion>;

  /**
   * Declares the synchronization secrets of a service principal.
   *
   * @param name - The unique name of the resource in the stack.
   * @param args - The service principal, the secrets and, optionally, the Graph API version.
   * @param opts - Options for the resource; `additionalSecretOutputs` always includes `credentials`.
   */
  constructor(name: string, args: SynchronizationSecretsArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      servicePrincipalId: args?.servicePrincipalId,
      // Secret in state from the start: the engine keeps inputs too, and a plain string must not land there.
      credentials: args?.credentials === undefined ? undefined : pulumi.secret(args.credentials),
      apiVersion: args?.apiVersion,
      // Computed by the provider's check from the declared credentials.
      keys: undefined,
    };
    super(
      synchronizationSecretsProvider,
      name,
      props,
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["credentials"] }),
      "graphsync",
      "SynchronizationSecrets",
    );
  }
}
