const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Graph paths are case-insensitive, so "/serviceprincipals/{id}" names the same principal.
const SERVICE_PRINCIPAL_PATH = /^\/servicePrincipals\/([^/]*)$/i;
// Graph forms job ids as `{templateId}.{hex}.{guid}`; this is what may enter a URL path.
const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,255}$/;

/** Whether `text` is a GUID (any letter case). */
export const isGuid = (text: string): boolean => GUID.test(text);

/** Whether `text` is shaped like a synchronization job id; checked wherever one becomes part of a URL path. */
export const isJobId = (text: string): boolean => JOB_ID.test(text);

/** A principal's object id as a lowercase GUID, from the GUID or azuread's `/servicePrincipals/{guid}`; else `undefined`. */
export function normalizeServicePrincipalId(raw: string): string | undefined {
  if (typeof raw !== "string") return undefined;
  const candidate = SERVICE_PRINCIPAL_PATH.exec(raw)?.[1] ?? raw;
  return GUID.test(candidate) ? candidate.toLowerCase() : undefined;
}

/** The resource id of a service principal's secrets, from its normalized id: `/servicePrincipals/{guid}/synchronization/secrets`. */
export function secretsResourceId(servicePrincipalGuid: string): string {
  return `/servicePrincipals/${servicePrincipalGuid}/synchronization/secrets`;
}
