import { isJobId } from "../core/ids";
import { isPlainObject, parseJsonObject } from "../core/json";
import type { SecretPair } from "../core/state";
import { keepExpected } from "../diagnostics/sanitizer";
import { synchronizationPath, type CallOptions, type GraphClient, type ParsedBody } from "../graph/client";
import type { GraphCall } from "../graph/runner";
import type { GraphApiVersion } from "../types";
import type { JobSummary } from "./state";

/** Options of a call: whether the answers of a principal or job created moments ago are waited out. */
type JobCallOptions = Required<CallOptions>;

/**
 * The synchronization jobs and templates of one service principal, over the process's Graph client (its token, throttle
 * gate, retries and errors): `GET/POST …/synchronization/jobs`, `GET/DELETE …/jobs/{id}`, `POST …/jobs/{id}/start`,
 * `pause`, `restart` and `validateCredentials`, and `GET …/synchronization/templates`.
 */
export class PrincipalJobs {
  readonly #base: string;

  /**
   * @param graph - the process's Graph client
   * @param servicePrincipalId - the principal's object id, a GUID (checked again here, where it enters the path)
   * @param apiVersion - the Graph version of every call
   */
  constructor(
    private readonly graph: GraphClient,
    private readonly servicePrincipalId: string,
    apiVersion: GraphApiVersion,
  ) {
    this.#base = synchronizationPath(apiVersion, servicePrincipalId);
  }

  /** Every job of the principal (one page: a principal has a handful). */
  list(options: JobCallOptions): Promise<JobSummary[]> {
    return this.#send("GET", "/jobs", options, undefined, (body) => collection(body, parseJob));
  }

  /** The ids of the principal's synchronization templates. */
  templates(): Promise<string[]> {
    const id = (item: unknown): string | undefined =>
      keepExpected(isPlainObject(item) && typeof item["id"] === "string" ? item["id"] : undefined, "code");
    return this.#send("GET", "/templates", { awaitReplication: false }, undefined, (body) => collection(body, id));
  }

  /** Creates a job from a template; Graph creates it disabled. A new principal's 404 is waited out. */
  create(templateId: string): Promise<JobSummary> {
    return this.#send("POST", "/jobs", { awaitReplication: true }, JSON.stringify({ templateId }), (body) => one(body, parseJob));
  }

  /** One job. */
  get(jobId: string, options: JobCallOptions): Promise<JobSummary> {
    return this.#send("GET", jobPath(jobId), options, undefined, (body) => one(body, parseJob));
  }

  /** Deletes a job: it stops and its state is gone. */
  delete(jobId: string): Promise<void> {
    return this.#send("DELETE", jobPath(jobId), { awaitReplication: false }, undefined, noContent);
  }

  /** Starts (or resumes) a job; clears a quarantine. */
  start(jobId: string, options: JobCallOptions): Promise<void> {
    return this.#send("POST", `${jobPath(jobId)}/start`, options, undefined, noContent);
  }

  /** Pauses a job; its progress is kept. */
  pause(jobId: string): Promise<void> {
    return this.#send("POST", `${jobPath(jobId)}/pause`, { awaitReplication: false }, undefined, noContent);
  }

  /** Restarts a job with a reset scope; no scope sends no criteria, Graph's default (the admin center's restart). */
  restart(jobId: string, resetScope: readonly string[]): Promise<void> {
    const body = JSON.stringify(resetScope.length === 0 ? {} : { criteria: { resetScope: resetScope.join(",") } });
    return this.#send("POST", `${jobPath(jobId)}/restart`, { awaitReplication: false }, body, noContent);
  }

  /** Asks Graph to test credentials through a job, without saving them; fails with Graph's reason. */
  validateCredentials(jobId: string, pairs: readonly SecretPair[], options: JobCallOptions): Promise<void> {
    const body = JSON.stringify({ useSavedCredentials: false, credentials: pairs });
    const sensitiveValues = pairs.map((pair) => pair.value);
    return this.#send("POST", `${jobPath(jobId)}/validateCredentials`, options, body, noContent, sensitiveValues);
  }

  #send<T>(
    method: GraphCall["method"], path: string, options: JobCallOptions, body: string | undefined, parse: (body: string) => ParsedBody<T>,
    sensitiveValues: readonly string[] = [],
  ): Promise<T> {
    const call: GraphCall = {
      method, target: `${this.#base}${path}`, servicePrincipalId: this.servicePrincipalId, awaitReplication: options.awaitReplication,
      sensitiveValues, ...(body === undefined ? {} : { body }),
    };
    return this.graph.send(call, parse);
  }
}

/** `/jobs/{id}`; the id is checked here, where it enters the path. */
function jobPath(jobId: string): string {
  if (!isJobId(jobId)) throw new TypeError("The synchronization job id must look like Graph's: {templateId}.{hex}.{guid}.");
  return `/jobs/${jobId}`;
}

const noContent = (): ParsedBody<undefined> => ({ value: undefined });

function one<T>(body: string, read: (item: unknown) => T | undefined): ParsedBody<T> {
  const value = read(parseJsonObject(body));
  return value === undefined ? { problem: "the response body is not the synchronization object expected" } : { value };
}

function collection<T>(body: string, read: (item: unknown) => T | undefined): ParsedBody<T[]> {
  const document = parseJsonObject(body);
  const items = document?.["value"];
  if (!Array.isArray(items)) return { problem: 'the response body has no "value" array' };
  if (document?.["@odata.nextLink"] !== undefined) return { problem: "the collection has more than one page, which the client does not read" };
  const values = items.map(read);
  return values.every((value) => value !== undefined) ? { value: values as T[] } : { problem: 'an entry of the "value" array is not the object expected' };
}

/** A `synchronizationJob` reduced to what the provider reads; undefined when it lacks an id, template or schedule. */
function parseJob(item: unknown): JobSummary | undefined {
  if (!isPlainObject(item)) return undefined;
  const { id, templateId, schedule, status } = item;
  // Graph's text ends up in state and messages: ids and codes only, trimmed to the characters they are made of.
  const code = (value: unknown): string | undefined => keepExpected(typeof value === "string" ? value : undefined, "code");
  const scheduleState = code(isPlainObject(schedule) ? schedule["state"] : undefined);
  if (typeof id !== "string" || !isJobId(id) || typeof templateId !== "string" || scheduleState === undefined) return undefined;
  const statusCode = code(isPlainObject(status) ? status["code"] : undefined);
  const quarantine = isPlainObject(status) ? status["quarantine"] : undefined;
  const quarantineCode = code(isPlainObject(quarantine) && isPlainObject(quarantine["error"]) ? quarantine["error"]["code"] : undefined);
  return { id, templateId, scheduleState, ...(statusCode && { statusCode }), ...(quarantineCode && { quarantineCode }) };
}
