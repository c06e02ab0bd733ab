import { CREDENTIAL_LABELS, type CredentialKind } from "../credentialPlan";

/** The `name` of an {@link AuthenticationFailedError}. */
export const AuthenticationFailedErrorName = "AuthenticationFailedError";

/** What an {@link AuthenticationFailedError} reports. All fields are free of secrets. */
export interface AuthenticationFailureDetails {
  /** The credential that was used. */
  readonly credential: CredentialKind;
  /** The tenant signed in to, when known. */
  readonly tenantId?: string;
  /** The application (client) ID, when known. */
  readonly clientId?: string;
  /** The Entra error code, e.g. `AADSTS7000215`. */
  readonly entraCode?: string;
  /** The OAuth error, e.g. `invalid_client`. */
  readonly oauthError?: string;
  /** What the code means. */
  readonly meaning?: string;
  /** What to do about it. */
  readonly action?: string;
  /** Entra's or the credential's own description, redacted, first line only. */
  readonly description?: string;
  /** The redacted error chain. */
  readonly cause?: Error;
}

/**
 * Microsoft Entra refused to issue a token (or the credential failed while asking). The message names the tenant,
 * the client ID, the Entra error code with its meaning and what to do; never a secret.
 */
export class AuthenticationFailedError extends Error {
  /** The credential that was used. */
  readonly credential: CredentialKind;
  /** The tenant, when known. */
  readonly tenantId?: string;
  /** The application (client) ID, when known. */
  readonly clientId?: string;
  /** The Entra error code, e.g. `AADSTS7000215`, when Entra sent one. */
  readonly entraCode?: string;
  /** The OAuth error, e.g. `invalid_client`, when Entra sent one. */
  readonly oauthError?: string;

  /**
   * @param details - What failed, free of secrets.
   */
  constructor(details: AuthenticationFailureDetails) {
    super(describe(details), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = AuthenticationFailedErrorName;
    this.credential = details.credential;
    if (details.tenantId !== undefined) this.tenantId = details.tenantId;
    if (details.clientId !== undefined) this.clientId = details.clientId;
    if (details.entraCode !== undefined) this.entraCode = details.entraCode;
    if (details.oauthError !== undefined) this.oauthError = details.oauthError;
  }
}

function describe(details: AuthenticationFailureDetails): string {
  const who = [
    details.clientId === undefined ? undefined : `client ${details.clientId}`,
    details.tenantId === undefined ? undefined : `tenant ${details.tenantId}`,
  ].filter((part) => part !== undefined);
  let message = `Authentication failed with the ${CREDENTIAL_LABELS[details.credential]}`;
  if (who.length > 0) message += ` (${who.join(", ")})`;
  const code = [details.entraCode, details.oauthError].filter((part) => part !== undefined).join(" ");
  if (code !== "") message += `: ${code}`;
  if (details.meaning !== undefined) message += `, ${details.meaning}`;
  message += ".";
  if (details.action !== undefined) message += ` To fix: ${details.action}.`;
  if (details.description !== undefined && details.description !== "") message += ` Reported: ${details.description}`;
  return message;
}
