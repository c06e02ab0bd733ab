import { ServicePrincipalRecord } from "../directory/directory";
import { TenantContext } from "../entra/tenantContext";
import { liftsQuarantine, parseResetScope, RESET_SCOPE_VALUES } from "../jobs/restartScope";
import { checkScimCredentials, ScimCheckResult, ScimCredentials } from "../jobs/scimCredentialCheck";
import { SynchronizationJob } from "../jobs/synchronizationJob";
import { templateJson } from "../jobs/synchronizationTemplates";
import type { GraphCall } from "./graphApi";
import { GraphRejection } from "./graphRejection";
import { isPlainObject, parseJsonBody, parseSecretPairs, SecretPair } from "./putBody";

function toEntry({ key, value }: SecretPair): [string, string] {
  return [key, value];
}

function badRequest(message: string): GraphRejection {
  return new GraphRejection(400, "BadRequest", message);
}

/** The body of a POST, which may be empty; a non-empty one must be a JSON object. */
async function optionalObjectBody(call: GraphCall): Promise<Record<string, unknown>> {
  const text = (await call.exchange.body()).toString("utf8");
  if (text.trim() === "") return {};
  const body = parseJsonBody(text);
  if (!isPlainObject(body)) throw badRequest("The request body must be a JSON object.");
  return body;
}

/** The two credentials the SCIM check reads, from saved secrets or from the pairs of a request. */
function scimCredentialsOf(secrets: ReadonlyMap<string, string>): ScimCredentials {
  return { baseAddress: secrets.get("BaseAddress"), secretToken: secrets.get("SecretToken") };
}

/**
 * `/servicePrincipals/{id}/synchronization/templates` and `/jobs...`: list templates; create (from one of the
 * principal's templates, disabled), list, get and delete jobs; start, pause and restart them; validateCredentials
 * against the fake SCIM check. A start or restart runs the same check on the saved secrets and quarantines the job
 * when they fail.
 */
export class JobsApi {
  readonly #context: TenantContext;

  /** @param context - the tenant */
  constructor(context: TenantContext) {
    this.#context = context;
  }

  /** GET templates. */
  listTemplates({ exchange, route, principal }: GraphCall): void {
    exchange.sendJson(200, {
      "@odata.context": this.#odataContext(route.version, principal, "templates"),
      value: principal.templates.map((template, index) => templateJson(template, index, principal.appId)),
    });
  }

  /** GET jobs. */
  list({ exchange, route, principal }: GraphCall): void {
    exchange.sendJson(200, {
      "@odata.context": this.#odataContext(route.version, principal, "jobs"),
      value: [...principal.jobs.values()].map((job) => job.toJson()),
    });
  }

  /** POST jobs `{"templateId"}`: 201 with the job, created disabled with status NotConfigured. */
  async create(call: GraphCall): Promise<void> {
    const { exchange, principal } = call;
    const templateId = (await optionalObjectBody(call))["templateId"];
    if (typeof templateId !== "string" || templateId === "") {
      throw badRequest("The property 'templateId' is required and must be a string.");
    }
    if (!principal.templates.some((template) => template.id === templateId)) {
      throw badRequest(`The template '${templateId}' is not one of this application's synchronization templates.`);
    }
    const job = new SynchronizationJob(templateId, this.#context.tenantId);
    principal.jobs.set(job.id, job);
    exchange.sendJson(201, job.toJson());
  }

  /** GET a job. */
  get(call: GraphCall): void {
    call.exchange.sendJson(200, this.#job(call).toJson());
  }

  /** DELETE a job: 204. */
  delete(call: GraphCall): void {
    const job = this.#job(call);
    call.principal.jobs.delete(job.id);
    call.exchange.sendEmpty(204);
  }

  /** POST start: 204; Active, or Quarantine when the saved secrets fail the SCIM check. */
  start(call: GraphCall): void {
    this.#job(call).start(this.#checkSaved(call.principal), new Date());
    call.exchange.sendEmpty(204);
  }

  /** POST pause: 204. */
  pause(call: GraphCall): void {
    this.#job(call).pause();
    call.exchange.sendEmpty(204);
  }

  /** POST restart `{"criteria":{"resetScope"}}`: 204; the scope decides whether a quarantine is lifted. */
  async restart(call: GraphCall): Promise<void> {
    const job = this.#job(call);
    const criteria = (await optionalObjectBody(call))["criteria"] ?? {};
    if (!isPlainObject(criteria)) throw badRequest("The property 'criteria' must be an object.");
    const resetScope = criteria["resetScope"] ?? "";
    if (typeof resetScope !== "string") throw badRequest("The property 'resetScope' must be a string.");
    const parsed = parseResetScope(resetScope);
    if (!parsed.valid) {
      throw badRequest(
        `The value '${parsed.unknown}' is not a valid resetScope. Use a comma-separated combination of ` +
          `${RESET_SCOPE_VALUES.join(", ")}.`,
      );
    }
    job.restart(resetScope, liftsQuarantine(parsed.values), this.#checkSaved(call.principal), new Date());
    call.exchange.sendEmpty(204);
  }

  /**
   * POST validateCredentials `{"useSavedCredentials"?, "credentials"?}`: 204 when the fake SCIM check passes; else
   * 400 with the synchronization service's reason as JSON in `message`.
   */
  async validateCredentials(call: GraphCall): Promise<void> {
    this.#job(call);
    const body = await optionalObjectBody(call);
    const useSaved = body["useSavedCredentials"] ?? false;
    if (typeof useSaved !== "boolean") throw badRequest("The property 'useSavedCredentials' must be a boolean.");
    const items = body["credentials"] ?? [];
    if (!Array.isArray(items)) throw badRequest("The property 'credentials' must be an array.");
    const pairs = parseSecretPairs(items);
    const result = useSaved
      ? this.#checkSaved(call.principal)
      : checkScimCredentials(call.principal.scimEndpoints, scimCredentialsOf(new Map(pairs.map(toEntry))));
    if (!result.valid) throw GraphRejection.fromSynchronizationService(400, result.code, result.message);
    call.exchange.sendEmpty(204);
  }

  #job({ route, principal }: GraphCall): SynchronizationJob {
    const job = route.jobId === undefined ? undefined : principal.jobs.get(route.jobId);
    if (job === undefined) {
      throw new GraphRejection(404, "ResourceNotFound", `The synchronization job '${route.jobId ?? ""}' was not found.`);
    }
    return job;
  }

  #checkSaved(principal: ServicePrincipalRecord): ScimCheckResult {
    return checkScimCredentials(principal.scimEndpoints, scimCredentialsOf(principal.secrets));
  }

  #odataContext(version: string, principal: ServicePrincipalRecord, collection: string): string {
    return `${this.#context.origin}/${version}/$metadata#servicePrincipals('${principal.id}')/synchronization/${collection}`;
  }
}
