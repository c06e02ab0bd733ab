import { GraphOperation } from "../types";

const GRAPH_PREFIX = /^\/(v1\.0|beta)(\/.*)?$/i;
const SYNCHRONIZATION_PATH =
  /^\/servicePrincipals\/([^/]+)\/synchronization\/(secrets|templates|jobs)(?:\/([^/]+)(?:\/(?:microsoft\.graph\.)?([^/]+))?)?\/?$/i;
// The directory calls that create a service principal from scratch: `/applications[/{id}]` and `/servicePrincipals`.
const DIRECTORY_PATH = /^\/(applications|servicePrincipals)(?:\/([^/]+))?\/?$/i;
const JOB_ACTIONS: Readonly<Record<string, GraphOperation>> = {
  start: "jobs.start",
  pause: "jobs.pause",
  restart: "jobs.restart",
  validatecredentials: "jobs.validateCredentials",
};

/** A Graph request target the emulator serves, read from its method and path alone. */
export interface GraphRoute {
  readonly version: "v1.0" | "beta";
  /** The resource path after the version, e.g. `/servicePrincipals/{id}/synchronization/secrets`. */
  readonly resourcePath: string;
  /** The collection or entity addressed; undefined when the path is no resource the emulator serves. */
  readonly resource: "secrets" | "templates" | "jobs" | "job" | "jobAction" | "applications" | "application" | "servicePrincipals" | undefined;
  /** The operation; undefined when the resource does not serve this method. */
  readonly operation: GraphOperation | undefined;
  /** Methods the resource serves (the `Allow` of a 405). */
  readonly allowed: readonly string[];
  readonly servicePrincipalId: string | undefined;
  readonly jobId: string | undefined;
  /** The application object id of `/applications/{id}`. */
  readonly applicationId?: string;
}

/** Percent-decodes a path segment; a malformed escape is left as is (and then fails the GUID check). */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** True when the path is under `/v1.0` or `/beta`. */
export function isGraphPath(pathname: string): boolean {
  return GRAPH_PREFIX.test(pathname);
}

function operationOf(
  resource: NonNullable<GraphRoute["resource"]>,
  method: string,
  action: string | undefined,
): { operation: GraphOperation | undefined; allowed: readonly string[] } {
  const actionOperation = action === undefined ? undefined : JOB_ACTIONS[action];
  const table: Record<NonNullable<GraphRoute["resource"]>, Readonly<Record<string, GraphOperation>>> = {
    secrets: { GET: "secrets.get", PUT: "secrets.put" },
    templates: { GET: "templates.list" },
    jobs: { GET: "jobs.list", POST: "jobs.create" },
    job: { GET: "jobs.get", DELETE: "jobs.delete" },
    jobAction: actionOperation === undefined ? {} : { POST: actionOperation },
    applications: { POST: "applications.create" },
    application: { DELETE: "applications.delete" },
    servicePrincipals: { POST: "servicePrincipals.create" },
  };
  const methods = table[resource];
  return { operation: methods[method], allowed: Object.keys(methods) };
}

/**
 * Classifies a Graph request by method and path: the route table of the Graph surface, and what the request log
 * records for every Graph request (faulted ones too). Undefined when the path is not under `/v1.0` or `/beta`.
 */
export function classifyGraphRequest(method: string, pathname: string): GraphRoute | undefined {
  const prefix = GRAPH_PREFIX.exec(pathname);
  if (prefix === null) return undefined;
  const version = (prefix[1] ?? "v1.0").toLowerCase() as "v1.0" | "beta";
  const resourcePath = prefix[2] ?? "/";
  const match = SYNCHRONIZATION_PATH.exec(resourcePath);
  const unknown = { version, resourcePath, resource: undefined, operation: undefined, allowed: [], jobId: undefined };
  const directory = match === null ? DIRECTORY_PATH.exec(resourcePath) : null;
  if (directory !== null) {
    const [, collection = "", id] = directory;
    const applications = collection.toLowerCase() === "applications";
    const resource = applications ? (id === undefined ? "applications" : "application") : id === undefined ? "servicePrincipals" : undefined;
    if (resource === undefined) return { ...unknown, servicePrincipalId: undefined };
    const applicationId = id === undefined ? {} : { applicationId: safeDecode(id) };
    return { ...unknown, resource, ...operationOf(resource, method, undefined), servicePrincipalId: undefined, ...applicationId };
  }
  if (match === null) return { ...unknown, servicePrincipalId: undefined };
  const [, principalSegment = "", collection = "", jobSegment, actionSegment] = match;
  const servicePrincipalId = safeDecode(principalSegment);
  const action = actionSegment?.toLowerCase();
  if (action !== undefined && JOB_ACTIONS[action] === undefined) return { ...unknown, servicePrincipalId };
  const kind = collection.toLowerCase();
  if (kind !== "jobs" && jobSegment !== undefined) return { ...unknown, servicePrincipalId };
  const resource: NonNullable<GraphRoute["resource"]> =
    kind === "jobs" ? (jobSegment === undefined ? "jobs" : action === undefined ? "job" : "jobAction") : (kind as "secrets" | "templates");
  return {
    version,
    resourcePath,
    resource,
    ...operationOf(resource, method, action),
    servicePrincipalId,
    jobId: jobSegment === undefined ? undefined : safeDecode(jobSegment),
  };
}
