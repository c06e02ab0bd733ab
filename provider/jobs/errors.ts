import { keyList } from "../core/keys";
import type { GraphRequestError } from "../graph/errors";

/** The template a job was declared with is not one the service principal offers; the message lists those it does. */
export class UnknownTemplateError extends Error {
  /**
   * @param servicePrincipalId - the principal
   * @param templateId - the declared template (an id, never a secret)
   * @param available - the principal's templates
   * @param cause - Graph's refusal of the create
   */
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
  /**
   * @param servicePrincipalId - the principal
   * @param templateId - the template
   * @param jobId - the job that exists
   * @param scheduleState - its schedule state
   */
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

/** Graph's `validateCredentials` refused the credentials about to be saved; nothing was written. */
export class CredentialValidationError extends Error {
  /**
   * @param servicePrincipalId - the principal
   * @param jobId - the job the credentials were tested through
   * @param keys - the keys that were tested (names only)
   * @param cause - Graph's answer: its reason, scrubbed of every value, and the ids to quote to support
   */
  constructor(
    readonly servicePrincipalId: string,
    readonly jobId: string,
    readonly keys: readonly string[],
    cause: GraphRequestError,
  ) {
    super(credentialValidationMessage(servicePrincipalId, jobId, keys, cause), { cause });
    this.name = "CredentialValidationError";
  }
}

/** The SCIM endpoint answered and refused the credentials (observed: the admin center's "Test connection"). */
const SCIM_REFUSED = "SystemForCrossDomainIdentityManagementCredentialValidationFailure";

function credentialValidationMessage(servicePrincipalId: string, jobId: string, keys: readonly string[], cause: GraphRequestError): string {
  const hint =
    cause.innerCode === SCIM_REFUSED && keys.includes("SecretToken")
      ? " The application at BaseAddress answered and refused them: check SecretToken."
      : "";
  const reason = cause.graphMessage === undefined ? "" : ` Graph says: ${JSON.stringify(cause.graphMessage)}`;
  const ids = [`status ${cause.status}`, cause.code && `code ${cause.code}`, cause.innerCode && `inner code ${cause.innerCode}`,
    cause.requestId && `request-id ${cause.requestId}`, `client-request-id ${cause.clientRequestId}`].filter(Boolean);
  return (
    `Microsoft Graph's credential test (validateCredentials through synchronization job ${jobId}) failed for the declared ` +
    `${keyList(keys)} of service principal ${servicePrincipalId}; nothing was written.${hint}${reason} [${ids.join(", ")}]`
  );
}
