import type * as pulumi from "@pulumi/pulumi";
import type { GraphApiVersion } from "../types";

/**
 * What a restart clears (Graph's `synchronizationJobRestartCriteria.resetScope`): `Escrows` (failures waiting to be
 * retried), `Watermark` (every object is evaluated again, not only changes), `QuarantineState` (lifts a quarantine),
 * `ForceDeletes` (deletions held back by the accidental-deletion threshold go ahead), or `Full` (all of them).
 * Microsoft's other two values are refused: `None` ("use start instead") and `ConnectorDataStore` ("contact Microsoft
 * Support").
 */
export type SynchronizationJobResetScope = "Escrows" | "Watermark" | "QuarantineState" | "ForceDeletes" | "Full";

/** The arguments for constructing a `SynchronizationJob` resource. */
export interface SynchronizationJobArgs {
  /**
   * The service principal (enterprise application) that runs the job: its object id (a GUID), or the
   * `/servicePrincipals/{id}` form `@pulumi/azuread` resources use as their `id`. Changing it replaces the job.
   */
  servicePrincipalId: pulumi.Input<string>;
  /**
   * The synchronization template the job is created from, one of the principal's `/synchronization/templates` (for
   * example `scim` for a non-gallery SCIM application). Changing it replaces the job.
   */
  templateId: pulumi.Input<string>;
  /** Whether the job runs: `true` (the default) starts it, `false` pauses it. Only a change calls Graph. */
  enabled?: pulumi.Input<boolean>;
  /**
   * `true` leaves the first start of a new job to the `SynchronizationSecrets` whose `validateWith` names it: they test
   * the credentials through the job, save them, then start it. Default `false`: the job starts when it is created.
   */
  waitForCredentials?: pulumi.Input<boolean>;
  /**
   * Any text; when it changes to a new value, the job is restarted with `restartScope` (for example to lift a
   * quarantine after fixing the credentials). Setting it when the job is created restarts nothing; removing it
   * restarts nothing.
   */
  restartTrigger?: pulumi.Input<string>;
  /** What a restart clears; empty or unset (the default) is the admin center's "Restart provisioning". */
  restartScope?: pulumi.Input<SynchronizationJobResetScope[]>;
  /**
   * What to do when the principal already has a job from `templateId` (Pulumi cannot import a dynamic resource): `true`
   * manages that job from now on, and destroying the stack deletes it; `false` (the default) fails and names it.
   */
  adoptExisting?: pulumi.Input<boolean>;
  /** The Graph API version to call, `"v1.0"` (the default, or the stack's `graphsync:apiVersion`) or `"beta"`. */
  apiVersion?: pulumi.Input<GraphApiVersion>;
}
