const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Graph paths are case-insensitive, so "/serviceprincipals/{id}" names the same principal.
const SERVICE_PRINCIPAL_PATH = /^\/servicePrincipals\/([^/]*)$/i;

/** Whether `text` is a GUID (any letter case). */
export function isGuid(text: string): boolean {
  return GUID.test(text);
}

/**
 * The service principal's object id as a lowercase GUID, from either the bare GUID or the `/servicePrincipals/{guid}`
 * form that `@pulumi/azuread` ids use; `undefined` when `raw` is neither.
 */
export function normalizeServicePrincipalId(raw: string): string | undefined {
  if (typeof raw !== "string") return undefined;
  const candidate = SERVICE_PRINCIPAL_PATH.exec(raw)?.[1] ?? raw;
  return GUID.test(candidate) ? candidate.toLowerCase() : undefined;
}

/** The resource id of a service principal's secrets, from its normalized id: `/servicePrincipals/{guid}/synchronization/secrets`. */
export function secretsResourceId(servicePrincipalGuid: string): string {
  return `/servicePrincipals/${servicePrincipalGuid}/synchronization/secrets`;
}
