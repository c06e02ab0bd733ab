import * as pulumi from "@pulumi/pulumi";
import synchronizationSecretsProvider = require("./shim");
import type { GraphApiVersion, SecretsByKey, SynchronizationJobReference, SynchronizationSecretsArgs, SynchronizationSecretsArgsWithUnknownKeys } from "./types";

/**
 * The provisioning secrets (`synchronization/secrets`) of one Microsoft Entra service principal, such as the
 * `BaseAddress` and `SecretToken` of a SCIM application. It owns only the keys you declare: one `PUT` on create,
 * update and delete (which clears them), every other key left alone. A preview needs no credentials and makes no call.
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
   * Declares the synchronization secrets of a service principal, as a map of documented keys: the form whose typos
   * the compiler names with a suggestion ("Did you mean to write 'SecretToken'?").
   *
   * @param name - The unique name of the resource in the stack.
   * @param args - The service principal, the secrets as a map and, optionally, the Graph API version.
   * @param opts - Options for the resource; `additionalSecretOutputs` always includes `credentials`.
   */
  constructor(
    name: string,
    args: Omit<SynchronizationSecretsArgs, "credentials"> & { credentials: SecretsByKey | pulumi.Output<SecretsByKey> },
    opts?: pulumi.CustomResourceOptions,
  );
  /**
   * Declares the synchronization secrets of a service principal: documented keys, as a map or a list.
   *
   * @param name - The unique name of the resource in the stack.
   * @param args - The service principal, the secrets and, optionally, the Graph API version.
   * @param opts - Options for the resource; `additionalSecretOutputs` always includes `credentials`.
   */
  constructor(name: string, args: SynchronizationSecretsArgs, opts?: pulumi.CustomResourceOptions);
  /**
   * Declares the synchronization secrets of a service principal, some under key names this release does not know.
   *
   * @param name - The unique name of the resource in the stack.
   * @param args - As above, with `allowUnknownKeys: true`.
   * @param opts - Options for the resource; `additionalSecretOutputs` always includes `credentials`.
   */
  constructor(name: string, args: SynchronizationSecretsArgsWithUnknownKeys, opts?: pulumi.CustomResourceOptions);
  constructor(
    name: string,
    args: SynchronizationSecretsArgs | SynchronizationSecretsArgsWithUnknownKeys,
    opts?: pulumi.CustomResourceOptions,
  ) {
    const props = {
      servicePrincipalId: args?.servicePrincipalId,
      // Secret in state from the start: the engine keeps inputs too, and a plain string must not land there.
      credentials: args?.credentials === undefined ? undefined : pulumi.secret(args.credentials),
      apiVersion: args?.apiVersion,
      ...(args?.allowUnknownKeys === undefined ? {} : { allowUnknownKeys: args.allowUnknownKeys }),
      ...validationInputs(args?.validateWith),
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

/** The provider's inputs for `validateWith`: the job's id and, for a `SynchronizationJob`, whether it waits to be started. */
function validationInputs(validateWith: SynchronizationSecretsArgs["validateWith"]) {
  if (validateWith === undefined || validateWith === null) return {};
  if (!isJobReference(validateWith)) return { validateWith };
  const startsJob = pulumi.all([validateWith.enabled, validateWith.waitForCredentials]).apply(([enabled, waits]) => enabled === true && waits === true);
  return { validateWith: validateWith.jobId, startsJob };
}

/** A `SynchronizationJob` (or anything with its outputs), as opposed to a job id or an output of one. */
function isJobReference(value: unknown): value is SynchronizationJobReference {
  return typeof value === "object" && value !== null && !pulumi.Output.isInstance(value) && pulumi.Output.isInstance((value as { jobId?: unknown }).jobId);
}
