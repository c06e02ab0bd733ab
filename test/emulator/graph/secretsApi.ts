import { isGuid, ServicePrincipalRecord } from "../directory/directory";
import { invalidJsonValueCode, SECRET_KEY_NAMES } from "../directory/secretCatalogue";
import { isRejection, VerifiedAccessToken } from "../entra/accessTokenIssuer";
import { TenantContext } from "../entra/tenantContext";
import { Exchange } from "../http/exchange";
import { RequestBodyTooLargeError } from "../http/requestBodyTooLargeError";
import { Throttle } from "../traffic/throttle";
import { GraphRejection } from "./graphRejection";
import { isJsonObject, parsePutBody } from "./putBody";
import { decodeSkipToken, encodeSkipToken } from "./skipToken";

const GRAPH_PREFIX = /^\/(v1\.0|beta)(\/.*)?$/i;
const SECRETS_PATH = /^\/servicePrincipals\/([^/]+)\/synchronization\/secrets\/?$/i;
const KEY_ORDER = new Map(SECRET_KEY_NAMES.map((key, index) => [key, index]));
/** Microsoft Graph's well-known application id, named in Graph's WWW-Authenticate challenge. */
const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/** True when the path is under `/v1.0` or `/beta`. */
export function isGraphPath(pathname: string): boolean {
  return GRAPH_PREFIX.test(pathname);
}

/** The synchronization service's own error, as Graph relays it: a JSON string inside `message`. */
function synchronizationServiceMessage(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } }, null, 2).replace(/\n/g, "\r\n");
}

/** Percent-decodes a path segment; a malformed escape is left as is (and then fails the GUID check). */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function catalogueOrder(key: string): number {
  return KEY_ORDER.get(key) ?? SECRET_KEY_NAMES.length;
}

/**
 * Microsoft Graph `/{v1.0|beta}/servicePrincipals/{id}/synchronization/secrets`: PUT (upsert by key) and GET
 * (masked, paged), behind bearer-token validation, the app+tenant throttle and the permission check.
 */
export class SecretsApi {
  readonly #context: TenantContext;
  readonly #throttle: Throttle;

  /**
   * @param context - the tenant
   * @param throttle - the app+tenant token buckets
   */
  constructor(context: TenantContext, throttle: Throttle) {
    this.#context = context;
    this.#throttle = throttle;
  }

  /** Serves a Graph path; false when the path is not under `/v1.0` or `/beta`. */
  async handle(exchange: Exchange): Promise<boolean> {
    const prefix = GRAPH_PREFIX.exec(exchange.url.pathname);
    if (prefix === null) return false;
    const version = (prefix[1] ?? "v1.0").toLowerCase() as "v1.0" | "beta";
    try {
      await this.#serve(exchange, version, prefix[2] ?? "/");
    } catch (error) {
      if (error instanceof RequestBodyTooLargeError) {
        exchange.sendGraphError(413, "RequestEntityTooLarge", error.message);
      } else if (error instanceof GraphRejection) {
        exchange.sendGraphError(error.status, error.code, error.message, error.headers);
      } else {
        throw error;
      }
    }
    return true;
  }

  /** Order of checks: route, token, throttle, principal (404 during replication), permission, method. */
  async #serve(exchange: Exchange, version: "v1.0" | "beta", resourcePath: string): Promise<void> {
    const route = SECRETS_PATH.exec(resourcePath);
    if (route === null) {
      const segment = resourcePath.split("/").filter(Boolean).pop() ?? version;
      throw new GraphRejection(400, "BadRequest", `Resource not found for the segment '${segment}'.`);
    }
    const caller = this.#authenticate(exchange);
    const isWrite = exchange.method !== "GET" && exchange.method !== "HEAD";
    const decision = this.#throttle.draw(`${caller.tenantId}/${caller.clientId}`, isWrite, Date.now());
    if (!decision.allowed) {
      const message = "Too many requests. Please retry after the time in Retry-After.";
      throw new GraphRejection(429, "TooManyRequests", message, {
        "retry-after": decision.retryAfter,
        "x-ms-throttle-scope": "Application_Tenant",
        "x-ms-throttle-information": "ResourceUnitLimitExceeded",
      });
    }
    const principal = this.#servicePrincipal(safeDecode(route[1] ?? ""));
    if (exchange.method === "GET") {
      this.#authorize(caller, principal, false);
      this.#list(exchange, version, principal);
    } else if (exchange.method === "PUT") {
      this.#authorize(caller, principal, true);
      await this.#put(exchange, principal);
    } else {
      const message = "Specified HTTP method is not allowed for the request target.";
      throw new GraphRejection(405, "Request_BadRequest", message, { allow: "GET, PUT" });
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

  #servicePrincipal(id: string): ServicePrincipalRecord {
    if (!isGuid(id)) throw new GraphRejection(400, "Request_BadRequest", `Invalid object identifier '${id}'.`);
    const principal = this.#context.directory.servicePrincipal(id);
    if (principal === undefined || Date.now() < principal.visibleFrom) {
      throw new GraphRejection(
        404,
        "Request_ResourceNotFound",
        `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      );
    }
    return principal;
  }

  /** Synchronization.ReadWrite.All, or Application.ReadWrite.OwnedBy plus ownership; reads: Synchronization.Read.All. */
  #authorize(caller: VerifiedAccessToken, principal: ServicePrincipalRecord, write: boolean): void {
    const roles = new Set(caller.roles);
    const allowed =
      roles.has("Synchronization.ReadWrite.All") ||
      (!write && roles.has("Synchronization.Read.All")) ||
      (roles.has("Application.ReadWrite.OwnedBy") && principal.owners.has(caller.clientId));
    if (allowed) return;
    if (this.#context.behaviour().permissionDenied === "403-authorization-denied") {
      const message = "Insufficient privileges to complete the operation.";
      throw new GraphRejection(403, "Authorization_RequestDenied", message);
    }
    // As observed (microsoft-graph-docs-contrib#8800): the synchronization service answers 401 with no message.
    throw new GraphRejection(401, "UnknownError", "");
  }

  #list(exchange: Exchange, version: string, principal: ServicePrincipalRecord): void {
    const { pageSize, maskedKeys } = this.#context.behaviour();
    const masked = new Set(maskedKeys);
    const skipToken = exchange.url.searchParams.get("$skiptoken");
    const offset = skipToken === null ? 0 : decodeSkipToken(skipToken);
    if (offset === undefined) throw new GraphRejection(400, "BadRequest", "The $skiptoken is not valid.");
    const ordered = [...principal.secrets.entries()].sort(([a], [b]) => catalogueOrder(a) - catalogueOrder(b));
    const page = ordered
      .slice(offset, offset + pageSize)
      .map(([key, value]) => ({ key, value: masked.has(key) ? "*" : value }));
    const resource = `${this.#context.origin}/${version}/servicePrincipals/${principal.id}/synchronization/secrets`;
    const next = offset + pageSize;
    exchange.sendJson(200, {
      "@odata.context":
        `${this.#context.origin}/${version}/$metadata#servicePrincipals('${principal.id}')/synchronization/secrets`,
      value: page,
      ...(next < ordered.length ? { "@odata.nextLink": `${resource}?$skiptoken=${encodeSkipToken(next)}` } : {}),
    });
  }

  async #put(exchange: Exchange, principal: ServicePrincipalRecord): Promise<void> {
    const pairs = parsePutBody((await exchange.body()).toString("utf8"));
    const jsonValued = new Set(this.#context.behaviour().jsonValuedKeys);
    for (const { key, value } of pairs) {
      if (jsonValued.has(key) && !isJsonObject(value)) {
        const inner = synchronizationServiceMessage(
          invalidJsonValueCode(key),
          `The value of ${key} is not valid: a JSON object is required.`,
        );
        throw new GraphRejection(400, "UnknownError", inner);
      }
    }
    // Validation is all-or-nothing: nothing is stored unless every pair is valid.
    for (const { key, value } of pairs) {
      if (value === "") principal.secrets.delete(key);
      else principal.secrets.set(key, value);
    }
    exchange.sendEmpty(204);
  }
}
