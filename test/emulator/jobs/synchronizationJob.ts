import { randomUUID } from "node:crypto";
import {
  SynchronizationJobJson, SynchronizationJobSnapshot, SynchronizationQuarantineJson, SynchronizationScheduleState,
  SynchronizationStatusCode,
} from "../types";
import { ScimCheckResult } from "./scimCredentialCheck";

/** `DateTimeOffset.MinValue`, what Graph shows for a time that never happened. */
const NEVER = "0001-01-01T00:00:00Z";
/** The interval of a job that was never started, as documented (.NET's TimeSpan.MaxValue). */
const UNSCHEDULED_INTERVAL = "P10675199DT2H48M5.4775807S";
/** Provisioning cycles run about every 40 minutes. */
const CYCLE_INTERVAL = "PT40M";
const CYCLE_MS = 40 * 60 * 1000;

/**
 * One synchronization job and its state machine: created disabled (NotConfigured); `start` runs it, and the SCIM
 * check decides between Active and Quarantine at once (the real service quarantines after its first cycle fails,
 * minutes later); `pause` keeps any quarantine details, as the documented example shows; `restart` lifts a
 * quarantine when its scope says so and runs it again.
 */
export class SynchronizationJob {
  readonly id: string;
  readonly templateId: string;
  #scheduleState: SynchronizationScheduleState = "Disabled";
  #statusCode: SynchronizationStatusCode = "NotConfigured";
  #quarantine: SynchronizationQuarantineJson | null = null;
  #successiveFailures = 0;
  #starts = 0;
  #pauses = 0;
  readonly #restartScopes: string[] = [];

  /**
   * @param templateId - the template it is created from
   * @param tenantId - the tenant: job ids are `{templateId}.{32 hex}.{GUID}`, as observed; the emulator uses the
   *   tenant id without dashes for the middle part
   */
  constructor(templateId: string, tenantId: string) {
    this.templateId = templateId;
    this.id = `${templateId}.${tenantId.replace(/-/g, "").toLowerCase()}.${randomUUID()}`;
  }

  /** Starts (or resumes) the job, clearing quarantine when the credentials now pass. */
  start(check: ScimCheckResult, now: Date): void {
    this.#starts += 1;
    this.#run(check, now);
  }

  /** Pauses the job. */
  pause(): void {
    this.#pauses += 1;
    this.#scheduleState = "Paused";
    this.#statusCode = "Paused";
  }

  /** Restarts the job with a parsed reset scope; a quarantine stays unless `lifts` (see `liftsQuarantine`). */
  restart(resetScope: string, lifts: boolean, check: ScimCheckResult, now: Date): void {
    this.#restartScopes.push(resetScope);
    if (this.#quarantine !== null && !lifts) {
      this.#scheduleState = "Active";
      this.#statusCode = "Quarantine";
      return;
    }
    if (lifts) this.#quarantine = null;
    this.#run(check, now);
  }

  /** The job as Graph returns it. */
  toJson(): SynchronizationJobJson {
    return {
      id: this.id,
      templateId: this.templateId,
      schedule: {
        expiration: null,
        interval: this.#scheduleState === "Disabled" ? UNSCHEDULED_INTERVAL : CYCLE_INTERVAL,
        state: this.#scheduleState,
      },
      status: {
        code: this.#statusCode,
        countSuccessiveCompleteFailures: this.#successiveFailures,
        escrowsPruned: false,
        lastExecution: null,
        lastSuccessfulExecution: null,
        lastSuccessfulExecutionWithExports: null,
        progress: [],
        quarantine: this.#quarantine,
        steadyStateFirstAchievedTime: NEVER,
        steadyStateLastAchievedTime: NEVER,
        synchronizedEntryCountByType: [],
        troubleshootingUrl: null,
      },
      synchronizationJobSettings: [],
    };
  }

  /** Graph's view plus the emulator's counts, for assertions. */
  snapshot(servicePrincipalId: string): SynchronizationJobSnapshot {
    return {
      ...this.toJson(),
      servicePrincipalId,
      starts: this.#starts,
      pauses: this.#pauses,
      restartScopes: [...this.#restartScopes],
    };
  }

  #run(check: ScimCheckResult, now: Date): void {
    this.#scheduleState = "Active";
    if (check.valid) {
      this.#statusCode = "Active";
      this.#quarantine = null;
      this.#successiveFailures = 0;
      return;
    }
    const previous = this.#quarantine;
    this.#statusCode = "Quarantine";
    this.#successiveFailures += 1;
    this.#quarantine = {
      currentBegan: now.toISOString(),
      nextAttempt: new Date(now.getTime() + CYCLE_MS).toISOString(),
      reason: "EncounteredQuarantineException",
      seriesBegan: previous?.seriesBegan ?? now.toISOString(),
      // Times the quarantine was re-evaluated and left in effect in this series.
      seriesCount: previous === null ? 0 : previous.seriesCount + 1,
      error: { code: check.code, message: check.message, tenantActionable: true },
    };
  }
}
