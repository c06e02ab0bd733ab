/**
 * The job side of `SynchronizationSecrets`: Graph's credential test before a write, and the first start of the job
 * that waited for the credentials. Runs inside the secrets' turn on their principal; loaded only when a write has a
 * job to validate with.
 *
 * @packageDocumentation
 */
import type { SecretPair } from "../core/state";
import type { GraphClient } from "../graph/client";
import { GraphRequestError } from "../graph/errors";
import type { GraphApiVersion } from "../types";
import { CredentialValidationError } from "./errors";
import { PrincipalJobs } from "./jobsClient";

/** The secrets being written, and the job they are tested through. */
export interface ValidationTarget {
  readonly servicePrincipalId: string;
  readonly apiVersion: GraphApiVersion;
  /** The job to test through. */ readonly jobId: string;
  /** Every declared pair, as it is about to be saved. */ readonly pairs: readonly SecretPair[];
}

/**
 * Tests the declared credentials through the job (`useSavedCredentials: false`); Graph's refusal becomes a
 * {@link CredentialValidationError} naming the keys, with Graph's reason scrubbed of every value.
 */
export async function validateCredentials(graph: GraphClient, target: ValidationTarget): Promise<void> {
  const jobs = new PrincipalJobs(graph, target.servicePrincipalId, target.apiVersion);
  try {
    // The job may have been created moments ago, in the same deployment: a 404 is waited out like a new principal's.
    await jobs.validateCredentials(target.jobId, target.pairs, { awaitReplication: true });
  } catch (error) {
    if (!(error instanceof GraphRequestError)) throw error;
    if (error.kind === "invalidRequest") {
      throw new CredentialValidationError(target.servicePrincipalId, target.jobId, target.pairs.map((pair) => pair.key), error);
    }
    // Graph's own not-found error only: a 404 without it (a proxy's page) says nothing about the job.
    if (error.kind === "notFound") {
      throw new Error(
        `validateWith names synchronization job ${target.jobId}, which service principal ${target.servicePrincipalId} does ` +
          "not have (or the principal is gone); nothing was written. Pass the SynchronizationJob of the same principal.",
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * Starts the job that waited for these credentials, if it has never run (`Disabled`); a job already started or paused
 * is left alone, since Microsoft warns against calling start repeatedly. Returns whether it was started.
 */
export async function startWaitingJob(graph: GraphClient, target: Omit<ValidationTarget, "pairs">): Promise<boolean> {
  const jobs = new PrincipalJobs(graph, target.servicePrincipalId, target.apiVersion);
  const job = await jobs.get(target.jobId, { awaitReplication: true });
  if (job.scheduleState !== "Disabled") return false;
  await jobs.start(target.jobId, { awaitReplication: true });
  return true;
}
