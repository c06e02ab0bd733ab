import type { CheckFailure } from "../core/state";
import { isUnknown, type UnknownValue } from "../core/unknown";

/** A job id as Graph forms them (`{templateId}.{hex}.{guid}`): checked wherever it becomes part of a URL path. */
export const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,255}$/;

/** The inputs of `SynchronizationSecrets` that tie it to a job: the job to test credentials through, and whether to start it. */
export interface CredentialValidation {
  /** The job `validateCredentials` is called on; absent when the secrets are written untested. */ validateWith?: string;
  /** Whether the job waits for these credentials and is started once they are saved. */ startsJob?: boolean;
}

/** The names of those inputs, which the secrets' own check leaves to {@link checkValidationInputs}. */
export const VALIDATION_PROPERTIES = ["validateWith", "startsJob"] as const;

/** Reasons, fixed text. */
export const ValidationReasons = {
  validateWithInvalid:
    "must be a SynchronizationJob of the same service principal, or a synchronization job id ({templateId}.{hex}.{guid})",
  startsJobInvalid: "must be true or false (set from the SynchronizationJob given to validateWith)",
} as const;

/** Checks the validation inputs (pure; unknowns in a preview pass as the marker). */
export function checkValidationInputs(news: Readonly<Record<string, unknown>>): {
  failures: CheckFailure[];
  inputs: { validateWith?: string | UnknownValue; startsJob?: boolean | UnknownValue };
} {
  const failures: CheckFailure[] = [];
  const validateWith = Object.hasOwn(news, "validateWith") ? news["validateWith"] : undefined;
  const startsJob = Object.hasOwn(news, "startsJob") ? news["startsJob"] : undefined;
  const inputs: { validateWith?: string | UnknownValue; startsJob?: boolean | UnknownValue } = {};
  if (isUnknown(validateWith) || (typeof validateWith === "string" && JOB_ID.test(validateWith))) inputs.validateWith = validateWith;
  else if (validateWith !== undefined && validateWith !== null) failures.push({ property: "validateWith", reason: ValidationReasons.validateWithInvalid });
  if (isUnknown(startsJob) || typeof startsJob === "boolean") inputs.startsJob = startsJob;
  else if (startsJob !== undefined && startsJob !== null) failures.push({ property: "startsJob", reason: ValidationReasons.startsJobInvalid });
  return { failures, inputs };
}

/** Whether the job to validate with changed (or may have, in a preview): then an update tests the credentials again. */
export function validationChanged(olds: CredentialValidation, news: { validateWith?: string | UnknownValue }): boolean {
  return isUnknown(news.validateWith) || news.validateWith !== olds.validateWith;
}
