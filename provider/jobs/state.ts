import type { WithUnknowns } from "../core/unknown";
import type { GraphApiVersion } from "../types";
import type { SynchronizationJobResetScope } from "./types";

/** What the engine stores for a `SynchronizationJob`: the checked inputs and what Graph said about the job. */
export interface SynchronizationJobState {
  /** The service principal's object id as a lowercase GUID. */ servicePrincipalId: string;
  /** The template the job was created from. */ templateId: string;
  /** Whether the job is declared to run; refresh sets it from Graph when the job was started or paused elsewhere. */
  enabled: boolean;
  /** Whether a new job's first start is left to the secrets that validate with it. */ waitForCredentials: boolean;
  /** The restart trigger; absent when none is declared. */ restartTrigger?: string;
  /** The reset scope of a restart, in declared order; empty for Graph's default. */ restartScope: SynchronizationJobResetScope[];
  /** Whether an existing job from the template is managed instead of failing. */ adoptExisting: boolean;
  /** The Graph API version of every call. */ apiVersion: GraphApiVersion;
  /** Graph's id of the job. */ jobId: string;
  /** `schedule.state` as last seen or set: `Active`, `Disabled` (never started) or `Paused`. */ scheduleState: string;
}

/** The declared part of the state: what `check` returns. */
export type JobInputs = Omit<SynchronizationJobState, "jobId" | "scheduleState">;

/** The checked inputs: the declared part, where in a preview any part may still be unknown. */
export type CheckedJobInputs = WithUnknowns<JobInputs>;

/** A job as Graph describes it, reduced to what the provider reads. */
export interface JobSummary {
  /** Graph's id, `{templateId}.{hex}.{guid}`. */ readonly id: string;
  /** The template it was created from. */ readonly templateId: string;
  /** `schedule.state`: `Active`, `Disabled` or `Paused`. */ readonly scheduleState: string;
  /** `status.code`, e.g. `Active`, `Paused`, `Quarantine`, `NotConfigured`. */ readonly statusCode?: string;
  /** The code of `status.quarantine.error`, when the job is in quarantine. */ readonly quarantineCode?: string;
}
