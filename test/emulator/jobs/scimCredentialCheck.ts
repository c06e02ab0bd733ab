import { ScimEndpoint } from "../types";

/** The synchronization service's code for credentials the SCIM endpoint refused (portal "Test connection"). */
export const SCIM_CREDENTIAL_FAILURE = "SystemForCrossDomainIdentityManagementCredentialValidationFailure";
/** Its code, in the emulator, for a tenant URL where no SCIM endpoint answers. */
export const SCIM_ENDPOINT_UNAVAILABLE = "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable";

/** The outcome of the fake SCIM check: valid, or the synchronization service's code and explanation. */
export type ScimCheckResult =
  | { readonly valid: true }
  | { readonly valid: false; readonly code: string; readonly message: string };

/** The two credentials a SCIM connection is tested with. */
export interface ScimCredentials {
  readonly baseAddress: string | undefined;
  readonly secretToken: string | undefined;
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

function isHttpsUrl(text: string): boolean {
  try {
    return new URL(text).protocol === "https:";
  } catch {
    return false;
  }
}

function unavailable(baseAddress: string | undefined): ScimCheckResult {
  const message =
    baseAddress === undefined || baseAddress === ""
      ? "No tenant URL was provided, so we could not connect to your application."
      : `We could not connect to your application at the tenant URL ${baseAddress}. ` +
        "Check that the URL is correct and that the endpoint is reachable.";
  return { valid: false, code: SCIM_ENDPOINT_UNAVAILABLE, message };
}

/**
 * What the real service reports, in its shape (the resource it called, the operation, the SCIM endpoint's status);
 * the wording is the emulator's own. The resource names the tenant URL, as the real message does.
 */
function refused(baseAddress: string): ScimCheckResult {
  const message =
    "While validating our authorization to access your application, we received an unexpected response. " +
    `Resource: ${withoutTrailingSlash(baseAddress)}/Users?filter=userName+eq+"connection-test". Operation: GET. ` +
    "Response status code: Unauthorized.";
  return { valid: false, code: SCIM_CREDENTIAL_FAILURE, message };
}

/**
 * The fake SCIM check behind `validateCredentials` and `start`. With endpoints configured for the principal, a
 * BaseAddress must name one of them and the SecretToken be one of its tokens. Without (the default), any https
 * BaseAddress with a non-empty SecretToken passes.
 */
export function checkScimCredentials(
  endpoints: readonly ScimEndpoint[] | undefined,
  { baseAddress, secretToken }: ScimCredentials,
): ScimCheckResult {
  if (baseAddress === undefined || baseAddress === "") return unavailable(baseAddress);
  if (endpoints === undefined) {
    if (!isHttpsUrl(baseAddress)) return unavailable(baseAddress);
    return secretToken === undefined || secretToken === "" ? refused(baseAddress) : { valid: true };
  }
  const endpoint = endpoints.find(
    (candidate) => withoutTrailingSlash(candidate.baseAddress) === withoutTrailingSlash(baseAddress),
  );
  if (endpoint === undefined) return unavailable(baseAddress);
  return secretToken !== undefined && endpoint.secretTokens.includes(secretToken) ? { valid: true } : refused(baseAddress);
}
