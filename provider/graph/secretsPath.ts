/** The Graph API versions the client calls. */
export type GraphApiVersion = "v1.0" | "beta";

const SECRETS_PATH = /^\/(v1\.0|beta)\/servicePrincipals\/[^/?#]+\/synchronization\/secrets$/;

/**
 * The path of a service principal's synchronization secrets: `/{version}/servicePrincipals/{id}/synchronization/secrets`.
 * The id is percent-encoded, so no id can change the path.
 *
 * @param apiVersion - `v1.0` or `beta`
 * @param servicePrincipalId - the service principal's object id
 * @throws TypeError for an empty id or an unknown version
 */
export function secretsPath(apiVersion: GraphApiVersion, servicePrincipalId: string): string {
  if (apiVersion !== "v1.0" && apiVersion !== "beta") {
    throw new TypeError(`apiVersion must be "v1.0" or "beta", got ${JSON.stringify(String(apiVersion))}.`);
  }
  if (typeof servicePrincipalId !== "string" || servicePrincipalId.trim() === "") {
    throw new TypeError("servicePrincipalId must be a non-empty string.");
  }
  return `/${apiVersion}/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/synchronization/secrets`;
}

/**
 * Whether a request target (path, optional query) is a synchronization-secrets path: the only calls on which a 404
 * can mean "the service principal has not replicated yet".
 *
 * @param target - path and optional query
 */
export function isSecretsPath(target: string): boolean {
  return SECRETS_PATH.test(target.split("?", 1)[0] ?? "");
}

/**
 * Turns an `@odata.nextLink` into a target relative to the Graph origin, or `undefined` when the link leaves that
 * origin (a link elsewhere would receive the bearer token) or is not an https URL.
 *
 * @param nextLink - the absolute URL Graph returned
 * @param origin - the Graph origin the client is bound to
 */
export function nextLinkTarget(nextLink: string, origin: string): string | undefined {
  let url: URL;
  try {
    url = new URL(nextLink);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" || url.origin !== origin || url.username !== "" || url.password !== "") {
    return undefined;
  }
  return `${url.pathname}${url.search}`;
}
