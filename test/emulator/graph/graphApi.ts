import { isGuid, ServicePrincipalRecord } from "../directory/directory";
import { isRejection, VerifiedAccessToken } from "../entra/accessTokenIssuer";
import { TenantContext } from "../entra/tenantContext";
import { Exchange } from "../http/exchange";
import { RequestBodyTooLargeError } from "../http/requestBodyTooLargeError";
import { Throttle } from "../traffic/throttle";
import { GraphOperation } from "../types";
import { echoSentence } from "./errorEcho";
import { GraphRejection } from "./graphRejection";
import { classifyGraphRequest, GraphRoute } from "./graphRoute";
import { ApplicationsApi } from "./applicationsApi";
import { JobsApi } from "./jobsApi";
import { permissionRejection, notFound, replicationRejection } from "./principalRejections";
import { pairsCarriedBy } from "./putBody";
import { SecretsApi } from "./secretsApi";

/** Microsoft Graph's well-known application id, named in Graph's WWW-Authenticate challenge. */
const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/** One Graph call that passed the shared checks: what every operation handler gets. */
export interface GraphCall {
  readonly exchange: Exchange;
  readonly route: GraphRoute;
  readonly principal: ServicePrincipalRecord;
  readonly caller: VerifiedAccessToken;
}

/** The permission an operation needs: read, write, read secrets (which has a reading of its own), or the directory's. */
type Access = "read" | "write" | "read-secrets" | "directory";

const ACCESS: Readonly<Record<GraphOperation, Access>> = {
  "secrets.get": "read-secrets",
  "secrets.put": "write",
  "templates.list": "read",
  "jobs.list": "read",
  "jobs.get": "read",
  "jobs.create": "write",
  "jobs.delete": "write",
  "jobs.start": "write",
  "jobs.pause": "write",
  "jobs.restart": "write",
  "jobs.validateCredentials": "write",
  "applications.create": "directory",
  "applications.delete": "directory",
  "servicePrincipals.create": "directory",
};

/** Operations whose request body carries secret pairs: what the `errorEcho` reading may repeat. */
const CARRIES_PAIRS: ReadonlySet<GraphOperation> = new Set(["secrets.put", "jobs.validateCredentials"]);

/**
 * The Graph surface: `/{v1.0|beta}/servicePrincipals/{id}/synchronization/{secrets|templates|jobs...}`. Every
 * operation passes the same checks in the same order (route, token, throttle, principal and its replication,
 * method, permission), then its handler runs; a rejection anywhere is sent in Graph's error shape.
 */
export class GraphApi {
  readonly #context: TenantContext;
  readonly #throttle: Throttle;
  readonly #secrets: SecretsApi;
  readonly #jobs: JobsApi;
  readonly #applications: ApplicationsApi;

  /**
   * @param context - the tenant
   * @param throttle - the app+tenant token buckets
   */
  constructor(context: TenantContext, throttle: Throttle) {
    this.#context = context;
    this.#throttle = throttle;
    this.#secrets = new SecretsApi(context);
    this.#jobs = new JobsApi(context);
    this.#applications = new ApplicationsApi(context);
  }

  /** Serves a Graph path; false when the path is not under `/v1.0` or `/beta`. */
  async handle(exchange: Exchange): Promise<boolean> {
    const route = exchange.route ?? classifyGraphRequest(exchange.method, exchange.url.pathname);
    if (route === undefined) return false;
    try {
      await this.#serve(exchange, route);
    } catch (error) {
      if (error instanceof RequestBodyTooLargeError) {
        exchange.sendGraphError(413, "RequestEntityTooLarge", error.message);
      } else if (error instanceof GraphRejection) {
        const echo = await this.#echo(exchange, route);
        exchange.sendGraphError(error.status, error.code, error.wireMessage(echo), error.headers, error.details);
      } else {
        throw error;
      }
    }
    return true;
  }

  async #serve(exchange: Exchange, route: GraphRoute): Promise<void> {
    const directoryCall = route.operation !== undefined && ACCESS[route.operation] === "directory";
    if (route.resource === undefined || (route.servicePrincipalId === undefined && !directoryCall)) {
      const segment = route.resourcePath.split("/").filter(Boolean).pop() ?? route.version;
      throw new GraphRejection(400, "BadRequest", `Resource not found for the segment '${segment}'.`);
    }
    const caller = this.#authenticate(exchange);
    const behaviour = this.#context.behaviour();
    const isWrite = exchange.method !== "GET" && exchange.method !== "HEAD";
    const chargeRefused = behaviour.throttledRequestCost === "one-token";
    const decision = this.#throttle.draw(`${caller.tenantId}/${caller.clientId}`, isWrite, Date.now(), chargeRefused);
    if (!decision.allowed) {
      const message = "Too many requests. Please retry after the time in Retry-After.";
      throw new GraphRejection(429, "TooManyRequests", message, {
        "retry-after": decision.retryAfter,
        "x-ms-throttle-scope": "Application_Tenant",
        "x-ms-throttle-information": "ResourceUnitLimitExceeded",
      });
    }
    if (directoryCall) return this.#applications.serve(exchange, route, caller);
    const principal = this.#servicePrincipal(route.servicePrincipalId ?? "");
    const operation = route.operation;
    if (operation === undefined) {
      const message = "Specified HTTP method is not allowed for the request target.";
      throw new GraphRejection(405, "Request_BadRequest", message, { allow: route.allowed.join(", ") });
    }
    this.#authorize(caller, principal, ACCESS[operation]);
    await this.#dispatch(operation, { exchange, route, principal, caller });
  }

  #dispatch(operation: GraphOperation, call: GraphCall): void | Promise<void> {
    switch (operation) {
      case "secrets.get":
        return this.#secrets.list(call);
      case "secrets.put":
        return this.#secrets.put(call);
      case "templates.list":
        return this.#jobs.listTemplates(call);
      case "jobs.list":
        return this.#jobs.list(call);
      case "jobs.create":
        return this.#jobs.create(call);
      case "jobs.get":
        return this.#jobs.get(call);
      case "jobs.delete":
        return this.#jobs.delete(call);
      case "jobs.start":
        return this.#jobs.start(call);
      case "jobs.pause":
        return this.#jobs.pause(call);
      case "jobs.restart":
        return this.#jobs.restart(call);
      case "jobs.validateCredentials":
        return this.#jobs.validateCredentials(call);
    }
  }

  #authenticate(exchange: Exchange): VerifiedAccessToken {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(exchange.header("authorization") ?? "")?.[1];
    const result = this.#context.tokens.verify(token, this.#context.graphAudience);
    if (!isRejection(result)) return result;
    const { origin, tenantId } = this.#context;
    const challenge =
      `Bearer realm="", authorization_uri="${origin}/${tenantId}/oauth2/v2.0/authorize", ` +
      `client_id="${GRAPH_APP_ID}"`;
    throw new GraphRejection(401, "InvalidAuthenticationToken", result.message, { "www-authenticate": challenge });
  }

  /** The principal, or the answer for a malformed id, an unknown principal, or one still replicating. */
  #servicePrincipal(id: string): ServicePrincipalRecord {
    if (!isGuid(id)) throw new GraphRejection(400, "Request_BadRequest", `Invalid object identifier '${id}'.`);
    const principal = this.#context.directory.servicePrincipal(id);
    if (principal === undefined) throw notFound(id);
    if (principal.replicatingRequests > 0) {
      principal.replicatingRequests -= 1;
      const answer = principal.replicationAnswer ?? this.#context.behaviour().replicationAnswer;
      throw replicationRejection(answer, id, principal.appId);
    }
    if (Date.now() < principal.visibleFrom) {
      const answer = principal.replicationAnswer ?? this.#context.behaviour().replicationAnswer;
      throw replicationRejection(answer, id, principal.appId);
    }
    return principal;
  }

  /**
   * Synchronization.ReadWrite.All, or Application.ReadWrite.OwnedBy plus ownership of the principal; reads also
   * Synchronization.Read.All. Reading secrets with OwnedBy is a reading of its own (`ownedByReadsSecrets`).
   */
  #authorize(caller: VerifiedAccessToken, principal: ServicePrincipalRecord, access: Access): void {
    const roles = new Set(caller.roles);
    const behaviour = this.#context.behaviour();
    const owner = roles.has("Application.ReadWrite.OwnedBy") && principal.owners.has(caller.clientId);
    const allowed =
      roles.has("Synchronization.ReadWrite.All") ||
      (access !== "write" && roles.has("Synchronization.Read.All")) ||
      (owner && (access !== "read-secrets" || behaviour.ownedByReadsSecrets));
    if (!allowed) throw permissionRejection(behaviour.permissionDenied);
  }

  /** The sentence an error adds under the `errorEcho` reading, for a request whose body carries secret pairs. */
  async #echo(exchange: Exchange, route: GraphRoute): Promise<string | undefined> {
    const { errorEcho, maskedKeys } = this.#context.behaviour();
    if (errorEcho === "none" || route.operation === undefined || !CARRIES_PAIRS.has(route.operation)) return undefined;
    const body = await exchange.body().catch(() => undefined);
    return body === undefined ? undefined : echoSentence(errorEcho, pairsCarriedBy(body.toString("utf8")), maskedKeys);
  }
}
