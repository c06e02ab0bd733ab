/** What replaces every query value in a path that is logged or put into an error. */
export const REDACTED = "REDACTED";

/**
 * Returns a request target (path and optional query) with every query value replaced by `REDACTED`, keeping the
 * parameter names: `/a?$skiptoken=xyz&top=5` becomes `/a?$skiptoken=REDACTED&top=REDACTED`. Query values may be
 * paging tokens or anything a server chose to put there, so none is ever shown. A fragment is dropped.
 *
 * @param target - a path such as `/v1.0/servicePrincipals/{id}/synchronization/secrets?$skiptoken=...`
 */
export function redactQueryValues(target: string): string {
  const withoutFragment = target.split("#", 1)[0] ?? "";
  const queryStart = withoutFragment.indexOf("?");
  if (queryStart < 0) {
    return withoutFragment;
  }
  const path = withoutFragment.slice(0, queryStart);
  const query = withoutFragment.slice(queryStart + 1);
  if (query === "") {
    return path;
  }
  const names = query.split("&").map((parameter) => {
    const nameEnd = parameter.indexOf("=");
    const name = nameEnd < 0 ? parameter : parameter.slice(0, nameEnd);
    return `${name}=${REDACTED}`;
  });
  return `${path}?${names.join("&")}`;
}
