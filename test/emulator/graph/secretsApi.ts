import { Exchange } from "../http/exchange";
import { RequestBodyTooLargeError } from "../http/requestBodyTooLargeError";
import { isGuid, ServicePrincipalRecord } from "../directory/directory";
import { invalidJsonValueCode, SECRET_KEY_NAMES } from "../directory/secretCatalogue";
import { isRejection, VerifiedAccessToken } from "../entra/accessTokenIssuer";
import { TenantContext } from "../entra/tenantContext";
import { Throttle } from "../traffic/throttle";
import { GraphRejection } from "./graphRejection";

const GRAPH_PREFIX = /^\/(v1\.0|beta)(\/.*)?$/i;
const SECRETS_PATH = /^\/servicePrincipals\/([^/]+)\/synchronization\/secrets\/?$/i;
const KEY_ORDER = new Map(SECRET_KEY_NAMES.map((key, index) => [key, index]));
const KNOWN_KEYS = new Set(SECRET_KEY_NAMES);

/** True when the path is under `/v1.0` or `/beta`. */
export function isGraphPath(pathname: string): boolean {
  return GRAPH_PREFIX.test(pathname);
}

/** The service's own error, serialized as Graph relays it: a JSON string inside `message`. */
function synchronizationServiceMessage(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } }, null, 2).replace(/\n/g, "\r\n");
}

/** The paging cursor: an opaque token that encodes the offset of the next page. */
function encodeSkipToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString("base64url");
}

function decodeSkipToken(token: string): number | undefined {
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  return match?.[1] === undefined ? undefined : Number(match[1]);
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
    try {
      await this.#serve(exchange, (prefix[1] ?? "v1.0").toLowerCase() as "v1.0" | "beta", prefix[2] ?? "/");
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
      throw new GraphRejection(429, "TooManyRequests", "Too many requests. Please retry after the time in Retry-After.", {
        "retry-after": decision.retryAfter,
        "x-ms-throttle-scope": "Application_Tenant",
        "x-ms-throttle-information": "ResourceUnitLimitExceeded",
      });
    }
    const principal = this.#servicePrincipal(decodeURIComponent(route[1] ?? ""));
    if (exchange.method === "GET") {
      this.#authorize(caller, principal, false);
      this.#list(exchange, version, principal);
    } else if (exchange.method === "PUT") {
      this.#authorize(caller, principal, true);
      await this.#put(exchange, principal);
    } else {
      throw new GraphRejection(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.", {
        allow: "GET, PUT",
      });
    }
  }

  #authenticate(exchange: Exchange): VerifiedAccessToken {
    const authorization = exchange.header("authorization") ?? "";
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
    const result = this.#context.tokens.verify(token, this.#context.graphAudience);
    if (isRejection(result)) {
      throw new GraphRejection(401, "InvalidAuthenticationToken", result.message, {
        "www-authenticate": `Bearer realm="", authorization_uri="${this.#context.origin}/${this.#context.tenantId}/oauth2/v2.0/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
      });
    }
    return result;
  }

  #servicePrincipal(id: string): ServicePrincipalRecord {
    if (!isGuid(id)) throw new GraphRejection(400, "Request_BadRequest", `Invalid object identifier '${id}'.`);
    const principal = this.#context.directory.servicePrincipal(id);
    if (principal === undefined || Date.now() < principal.visibleFrom) {
      throw new GraphRejection(
        404, "Request_ResourceNotFound",
        `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      );
    }
    return principal;
  }

  /** Synchronization.ReadWrite.All, or Application.ReadWrite.OwnedBy plus ownership; reads also Synchronization.Read.All. */
  #authorize(caller: VerifiedAccessToken, principal: ServicePrincipalRecord, write: boolean): void {
    const roles = new Set(caller.roles);
    const allowed =
      roles.has("Synchronization.ReadWrite.All") ||
      (!write && roles.has("Synchronization.Read.All")) ||
      (roles.has("Application.ReadWrite.OwnedBy") && principal.owners.has(caller.clientId));
    if (allowed) return;
    if (this.#context.behaviour().permissionDenied === "403-authorization-denied") {
      throw new GraphRejection(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
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
    const ordered = [...principal.secrets.entries()].sort(
      ([a], [b]) => (KEY_ORDER.get(a) ?? SECRET_KEY_NAMES.length) - (KEY_ORDER.get(b) ?? SECRET_KEY_NAMES.length),
    );
    const page = ordered.slice(offset, offset + pageSize).map(([key, value]) => ({ key, value: masked.has(key) ? "*" : value }));
    const base = `${this.#context.origin}/${version}/servicePrincipals/${principal.id}/synchronization/secrets`;
    exchange.sendJson(200, {
      "@odata.context": `${this.#context.origin}/${version}/$metadata#servicePrincipals('${principal.id}')/synchronization/secrets`,
      value: page,
      ...(offset + pageSize < ordered.length ? { "@odata.nextLink": `${base}?$skiptoken=${encodeSkipToken(offset + pageSize)}` } : {}),
    });
  }

  async #put(exchange: Exchange, principal: ServicePrincipalRecord): Promise<void> {
    const pairs = this.#parsePutBody((await exchange.body()).toString("utf8"));
    const jsonValued = new Set(this.#context.behaviour().jsonValuedKeys);
    for (const { key, value } of pairs) {
      if (jsonValued.has(key) && !isJsonObject(value)) {
        throw new GraphRejection(
          400, "UnknownError",
          synchronizationServiceMessage(invalidJsonValueCode(key), `The value of ${key} is not valid: a JSON object is required.`),
        );
      }
    }
    // Validation is all-or-nothing: nothing is stored unless every pair is valid.
    for (const { key, value } of pairs) {
      if (value === "") principal.secrets.delete(key);
      else principal.secrets.set(key, value);
    }
    exchange.sendEmpty(204);
  }

  #parsePutBody(text: string): Array<{ key: string; value: string }> {
    if (text.trim() === "") throw new GraphRejection(400, "BadRequest", "Empty Payload. JSON content expected.");
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new GraphRejection(
        400, "BadRequest",
        "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
      );
    }
    const items = body !== null && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>)["value"] : undefined;
    // A bare array (or an object without a `value` array) deserializes to nothing: what older SDK builders got.
    if (!Array.isArray(items)) throw new GraphRejection(400, "BadRequest", "Empty Payload. JSON content expected.");
    return items.map((item: unknown) => {
      if (item === null || typeof item !== "object" || Array.isArray(item)) {
        throw new GraphRejection(400, "BadRequest", "Each item of 'value' must be an object with 'key' and 'value'.");
      }
      const { key, value } = item as Record<string, unknown>;
      if (typeof key !== "string" || !KNOWN_KEYS.has(key)) {
        throw new GraphRejection(
          400, "BadRequest",
          `Cannot convert the literal '${typeof key === "string" ? key : JSON.stringify(key)}' to the expected type 'microsoft.graph.synchronizationSecret'.`,
        );
      }
      if (typeof value !== "string") {
        throw new GraphRejection(
          400, "BadRequest",
          `Cannot convert a primitive value to the expected type 'Edm.String'. The value of '${key}' must be a string.`,
        );
      }
      return { key, value };
    });
  }
}

function isJsonObject(value: string): boolean {
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed);
  } catch {
    return false;
  }
}
