import { keyList } from "../core/keys";
import type { GraphRequestError } from "../graph/errors";
import { graphSaysAndIds } from "../graph/failureMessages";

/** The template a job was declared with is not one the service principal offers; the message lists those it does. */
export class UnknownTemplateError extends Error {
  /** @param cause - Graph's refusal of the create; `available` are the principal's templates */
  constructor(
    readonly servicePrincipalId: string,
    readonly templateId: string,
    readonly available: readonly string[],
    cause: GraphRequestError,
  ) {
    const offered = available.length === 0 ? "it offers none" : `it offers ${available.map((id) => `"${id}"`).join(", ")}`;
    super(
      `templateId "${templateId}" is not one of the synchronization templates of service principal ${servicePrincipalId}: ${offered}. ` +
        "A gallery application has its own template (GET /servicePrincipals/{id}/synchronization/templates lists them).",
      { cause },
    );
    this.name = "UnknownTemplateError";
  }
}

/**
 * The principal already has a job from the declared template and `adoptExisting` is not set: managing it silently
 * could let this stack's destroy delete a job the portal or another stack owns.
 */
export class JobExistsError extends Error {
  /** @param scheduleState - the existing job's, for the message */
  constructor(
    readonly servicePrincipalId: string,
    readonly templateId: string,
    readonly jobId: string,
    scheduleState: string,
  ) {
    super(
      `Service principal ${servicePrincipalId} already has synchronization job ${jobId} from template "${templateId}" ` +
        `(schedule ${scheduleState}). Pulumi cannot import a dynamic resource: set adoptExisting: true to manage this ` +
        "job from this stack (destroying the stack then deletes it), or remove the SynchronizationJob from the program.",
    );
    this.name = "JobExistsError";
  }
}

/** The SCIM endpoint answered and refused the credentials (observed: the admin center's "Test connection"). */
const SCIM_REFUSED = "SystemForCrossDomainIdentityManagementCredentialValidationFailure";

/** Graph's `validateCredentials` refused the credentials about to be saved; nothing was written. */
export class CredentialValidationError extends Error {
  /**
   * @param keys - the keys tested (names only)
   * @param cause - Graph's answer, its reason scrubbed of every value
   */
  constructor(
    readonly servicePrincipalId: string,
    readonly jobId: string,
    readonly keys: readonly string[],
    cause: GraphRequestError,
  ) {
    const hint =
      cause.innerCode === SCIM_REFUSED && keys.includes("SecretToken")
        ? " The application at BaseAddress answered and refused them: check SecretToken."
        : "";
    super(
      `Microsoft Graph's credential test (validateCredentials through synchronization job ${jobId}) failed for the declared ` +
        `${keyList(keys)} of service principal ${servicePrincipalId}; nothing was written.${hint} ${graphSaysAndIds(cause)}`,
      { cause },
    );
    this.name = "CredentialValidationError";
  }
}
