import * as pulumi from "@pulumi/pulumi";
import type { GraphApiVersion } from "../types";
import synchronizationJobProvider = require("./shim");
import type { SynchronizationJobArgs, SynchronizationJobResetScope } from "./types";

/**
 * The provisioning job (`synchronization/jobs`) of one Microsoft Entra service principal, created from one of its
 * synchronization templates: `enabled` starts and pauses it, a new `restartTrigger` restarts it, and destroying it
 * deletes the job. A preview needs no credentials and makes no call.
 *
 * @example
 * ```ts
 * const job = new SynchronizationJob("scim", {
 *   servicePrincipalId: servicePrincipal.objectId,
 *   templateId: "scim",
 *   waitForCredentials: true, // started by the secrets below, once they are tested and saved
 * });
 * const secrets = new SynchronizationSecrets("scim", {
 *   servicePrincipalId: servicePrincipal.objectId,
 *   credentials: { BaseAddress: "https://scim.example.com/v2", SecretToken: config.requireSecret("scimToken") },
 *   validateWith: job,
 * });
 * ```
 */
export class SynchronizationJob extends pulumi.dynamic.Resource {
  /** The Pulumi type token of this resource. */
  static readonly pulumiType = "pulumi-nodejs:dynamic/graphsync:SynchronizationJob";

  /** Graph's id of the job, `{templateId}.{hex}.{guid}`. */
  declare readonly jobId: pulumi.Output<string>;
  /**
   * The job's `schedule.state` when this resource last called or read Graph: `Active`, `Disabled` (never started) or
   * `Paused`. Not secret.
   */
  declare readonly scheduleState: pulumi.Output<string>;
  /** The object id (lowercase GUID) of the service principal that runs the job. */
  declare readonly servicePrincipalId: pulumi.Output<string>;
  /** The template the job was created from. */
  declare readonly templateId: pulumi.Output<string>;
  /** Whether the job is declared to run. */
  declare readonly enabled: pulumi.Output<boolean>;
  /** Whether a new job's first start is left to the secrets that validate with it. */
  declare readonly waitForCredentials: pulumi.Output<boolean>;
  /** What a restart clears; empty for Graph's default. */
  declare readonly restartScope: pulumi.Output<SynchronizationJobResetScope[]>;
  /** The Graph API version the job is managed through. */
  declare readonly apiVersion: pulumi.Output<GraphApiVersion>;

  /**
   * Declares a synchronization job of a service principal.
   *
   * @param name - The unique name of the resource in the stack.
   * @param args - The service principal, the template and how the job runs.
   * @param opts - Options for the resource, e.g. `retainOnDelete` to keep the job when the stack lets go of it.
   */
  constructor(name: string, args: SynchronizationJobArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      servicePrincipalId: args?.servicePrincipalId,
      templateId: args?.templateId,
      enabled: args?.enabled,
      waitForCredentials: args?.waitForCredentials,
      restartTrigger: args?.restartTrigger,
      restartScope: args?.restartScope,
      adoptExisting: args?.adoptExisting,
      apiVersion: args?.apiVersion,
      // Set by the provider.
      jobId: undefined,
      scheduleState: undefined,
    };
    super(synchronizationJobProvider, name, props, opts, "graphsync", "SynchronizationJob");
  }
}
