/**
 * The Graph side of a `SynchronizationJob`: create (or adopt), read, update and delete, each holding its principal's
 * turn (`withPrincipalLock`). Loaded on the first such operation, never in a preview.
 *
 * @packageDocumentation
 */
import type * as pulumi from "@pulumi/pulumi";
import { GraphRequestError } from "../graph/errors";
import { withPrincipalLock } from "../lifecycle/principalLock";
import { graph, ignoringNotFound, tellUser } from "../lifecycle/providerProcess";
import { JobExistsError, UnknownTemplateError } from "./errors";
import { jobResourceId, planCreateAction, planJobUpdate, refreshJob, type JobAction } from "./jobPlan";
import { PrincipalJobs } from "./jobsClient";
import type { JobInputs, JobSummary, SynchronizationJobState } from "./state";

/**
 * Jobs this process deleted. A replacement deletes the old job first and then looks for a job from the template; a
 * list read right after the delete may still show it (terraform waits for the GET to answer 404), and it must not
 * count as one to adopt.
 */
const deletedJobs = new Set<string>();

const jobsOf = (state: { servicePrincipalId: string; apiVersion: JobInputs["apiVersion"] }): PrincipalJobs =>
  new PrincipalJobs(graph(), state.servicePrincipalId, state.apiVersion);

/**
 * Creates the job from its template (a principal created moments ago is waited for), or adopts the one that exists
 * when `adoptExisting` says so, then starts or pauses it as declared.
 */
export function createJob(inputs: JobInputs): Promise<pulumi.dynamic.CreateResult<SynchronizationJobState>> {
  return withPrincipalLock(inputs.servicePrincipalId, async () => {
    const jobs = jobsOf(inputs);
    const existing = (await jobs.list({ awaitReplication: true })).find(
      (job) => job.templateId === inputs.templateId && !deletedJobs.has(job.id),
    );
    if (existing !== undefined && !inputs.adoptExisting) {
      throw new JobExistsError(inputs.servicePrincipalId, inputs.templateId, existing.id, existing.scheduleState);
    }
    if (existing !== undefined) {
      tellUser(`adopting synchronization job ${existing.id} of service principal ${inputs.servicePrincipalId} (adoptExisting)`);
    }
    const job = existing ?? (await createFromTemplate(jobs, inputs));
    const action = planCreateAction(inputs, job.scheduleState);
    // A job created a moment ago may not be found at once; one found in the list was.
    await act(jobs, job.id, action, inputs, { awaitReplication: existing === undefined });
    const scheduleState = action === undefined ? job.scheduleState : action === "pause" ? "Paused" : "Active";
    return { id: jobResourceId(inputs.servicePrincipalId, job.id), outs: { ...inputs, jobId: job.id, scheduleState } };
  });
}

/** Reads the job: a job (or principal) deleted outside Pulumi leaves the stack; a start or pause elsewhere is drift. */
export function readJob(id: string, state: SynchronizationJobState): Promise<pulumi.dynamic.ReadResult<SynchronizationJobState>> {
  return withPrincipalLock(state.servicePrincipalId, async () => {
    const job = await ignoringNotFound(() => jobsOf(state).get(state.jobId, { awaitReplication: false }));
    if (job === undefined) {
      tellUser(`synchronization job ${state.jobId} of service principal ${state.servicePrincipalId} no longer exists; it leaves the stack`);
      return {};
    }
    const refreshed = refreshJob(state, job);
    refreshed.notices.forEach(tellUser);
    return { id, props: refreshed.state, inputs: refreshed.state };
  });
}

/** Starts or pauses when `enabled` changed, restarts when the trigger did; anything else is recorded only. */
export function updateJob(olds: SynchronizationJobState, news: JobInputs): Promise<pulumi.dynamic.UpdateResult<SynchronizationJobState>> {
  return withPrincipalLock(olds.servicePrincipalId, async () => {
    const plan = planJobUpdate(olds, news);
    plan.notices.forEach((notice) => tellUser(`synchronization job ${olds.jobId}: ${notice}`));
    await act(jobsOf(news), olds.jobId, plan.action, news, { awaitReplication: false });
    return { outs: { ...news, jobId: olds.jobId, scheduleState: plan.scheduleState } };
  });
}

/** Deletes the job; a job or principal that is already gone (404) counts as deleted. */
export function deleteJob(state: SynchronizationJobState): Promise<void> {
  return withPrincipalLock(state.servicePrincipalId, async () => {
    await ignoringNotFound(() => jobsOf(state).delete(state.jobId));
    deletedJobs.add(state.jobId);
  });
}

async function createFromTemplate(jobs: PrincipalJobs, inputs: JobInputs): Promise<JobSummary> {
  try {
    return await jobs.create(inputs.templateId);
  } catch (error) {
    // Graph's answer to an unknown template is not documented: whatever refused the create, the list says why.
    if (!(error instanceof GraphRequestError) || (error.kind !== "invalidRequest" && error.kind !== "notFound")) throw error;
    const templates = await jobs.templates();
    if (templates.includes(inputs.templateId)) throw error;
    throw new UnknownTemplateError(inputs.servicePrincipalId, inputs.templateId, templates, error);
  }
}

async function act(jobs: PrincipalJobs, jobId: string, action: JobAction | undefined, inputs: JobInputs, options: { awaitReplication: boolean }) {
  try {
    if (action === "start") await jobs.start(jobId, options);
    else if (action === "pause") await jobs.pause(jobId);
    else if (action === "restart") await jobs.restart(jobId, inputs.restartScope);
  } catch (error) {
    if (error instanceof GraphRequestError && error.kind === "notFound" && !options.awaitReplication) {
      throw new Error(
        `synchronization job ${jobId} of service principal ${inputs.servicePrincipalId} no longer exists, so it could not ` +
          `${action}: run pulumi refresh, and the next pulumi up creates it again.`,
        { cause: error },
      );
    }
    throw error;
  }
}
