import { normalizeServicePrincipalId } from "../core/ids";
import { isUnknown } from "../core/unknown";
import type { CheckedJobInputs, JobInputs, JobSummary, SynchronizationJobState } from "./state";

/** A schedule action: each is one POST on the job. */
export type JobAction = "start" | "pause" | "restart";

/** What an update does: at most one action, what it leaves the schedule as, and what the user is told. */
export interface JobUpdatePlan {
  readonly action?: JobAction;
  readonly scheduleState: string;
  readonly notices: readonly string[];
}

/** The properties whose change replaces the job: Graph cannot move a job to another principal or template. */
const REPLACING: readonly (keyof JobInputs)[] = ["servicePrincipalId", "templateId"];
const UPDATING: readonly (keyof JobInputs)[] = ["enabled", "waitForCredentials", "restartTrigger", "adoptExisting", "apiVersion"];

/** The resource id: terraform's form, `/servicePrincipals/{guid}/synchronization/jobs/{jobId}`. */
export const jobResourceId = (servicePrincipalId: string, jobId: string): string =>
  `/servicePrincipals/${servicePrincipalId}/synchronization/jobs/${jobId}`;

/**
 * Pulumi's `diff` of the stored state and the checked inputs. Another principal or template replaces the job, deleting
 * the old one first: two jobs of one application would provision the same users twice.
 */
export function diffJob(olds: SynchronizationJobState, news: CheckedJobInputs): { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean } {
  const oldPrincipal = normalizeServicePrincipalId(olds.servicePrincipalId) ?? olds.servicePrincipalId;
  const replaces = REPLACING.filter((name) =>
    isUnknown(news[name]) || news[name] !== (name === "servicePrincipalId" ? oldPrincipal : olds[name]));
  const changed = UPDATING.some((name) => isUnknown(news[name]) || news[name] !== olds[name]);
  const scopeChanged = isUnknown(news.restartScope) || news.restartScope.join(",") !== (olds.restartScope ?? []).join(",");
  return { changes: replaces.length > 0 || changed || scopeChanged, replaces, deleteBeforeReplace: true };
}

/**
 * The one call a job needs when it is created (or adopted) in `scheduleState`: started when declared enabled (unless
 * its first start is left to the secrets), paused when declared disabled but running. Never a second start.
 */
export function planCreateAction(inputs: JobInputs, scheduleState: string): JobAction | undefined {
  if (inputs.enabled) return scheduleState === "Active" || inputs.waitForCredentials ? undefined : "start";
  return scheduleState === "Active" ? "pause" : undefined;
}

/**
 * An update: start or pause only when `enabled` changes, restart only when the trigger takes a new value (a restart
 * runs the job, so it stands in for a start; a disabled job is not restarted). Microsoft warns against calling start
 * repeatedly, so nothing else ever starts a job.
 */
export function planJobUpdate(olds: SynchronizationJobState, news: JobInputs): JobUpdatePlan {
  const enabledChanged = olds.enabled !== news.enabled;
  const triggered = news.restartTrigger !== undefined && news.restartTrigger !== olds.restartTrigger;
  if (!news.enabled) {
    const notices = triggered ? ["restartTrigger changed while the job is disabled: it is not restarted (enable it to run it)"] : [];
    return enabledChanged ? { action: "pause", scheduleState: "Paused", notices } : { scheduleState: olds.scheduleState, notices };
  }
  if (triggered) return { action: "restart", scheduleState: "Active", notices: [] };
  return enabledChanged ? { action: "start", scheduleState: "Active", notices: [] } : { scheduleState: olds.scheduleState, notices: [] };
}

/**
 * A refresh: Graph's schedule state, and `enabled` as Graph shows it when the job was started or paused outside
 * Pulumi (so the next `up` puts it back); a job never started (`Disabled`) keeps what was declared. Notices name the
 * job, never a value.
 */
export function refreshJob(state: SynchronizationJobState, job: JobSummary): { state: SynchronizationJobState; notices: string[] } {
  const notices: string[] = [];
  const where = `synchronization job ${state.jobId} of service principal ${state.servicePrincipalId}`;
  let enabled = state.enabled;
  if (job.scheduleState === "Active" && !state.enabled) {
    enabled = true;
    notices.push(`${where} was started outside Pulumi; the next update pauses it again`);
  } else if (job.scheduleState === "Paused" && state.enabled) {
    enabled = false;
    notices.push(`${where} was paused outside Pulumi; the next update starts it again`);
  }
  if (job.statusCode === "Quarantine") {
    const code = job.quarantineCode === undefined ? "" : ` (${job.quarantineCode})`;
    notices.push(`${where} is in quarantine${code}: fix the credentials, then change restartTrigger to restart it`);
  }
  return { state: { ...state, enabled, scheduleState: job.scheduleState }, notices };
}
