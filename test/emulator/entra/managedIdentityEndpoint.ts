import { randomBytes } from "node:crypto";
import { Exchange } from "../http/exchange";
import { RegisteredApp } from "../types";
import { knownResources, TenantContext } from "./tenantContext";

/** The path App Service's identity endpoint answers on (IDENTITY_ENDPOINT). */
export const MANAGED_IDENTITY_PATH = "/msi/token";

/**
 * An App Service managed-identity endpoint: `GET {IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=<r>`
 * with `X-IDENTITY-HEADER: {IDENTITY_HEADER}`, answering `{access_token, expires_on, resource, token_type,
 * client_id}`. msal-node 7.2.3 (under @azure/identity 4.14.1) selects this source when both variables are set,
 * and its requests may be plain http (ManagedIdentityCredential sets allowInsecureConnection).
 */
export class ManagedIdentityEndpoint {
  /** The IDENTITY_HEADER secret (made up per emulator). */
  readonly identityHeader = randomBytes(24).toString("base64url");
  readonly #context: TenantContext;
  readonly #systemAssigned: () => RegisteredApp | undefined;

  /**
   * @param context - the tenant
   * @param systemAssigned - the system-assigned identity, looked up per request (grants and resets replace it)
   */
  constructor(context: TenantContext, systemAssigned: () => RegisteredApp | undefined) {
    this.#context = context;
    this.#systemAssigned = systemAssigned;
  }

  /** Serves {@link MANAGED_IDENTITY_PATH}; false for other paths. */
  handle(exchange: Exchange): boolean {
    if (exchange.url.pathname !== MANAGED_IDENTITY_PATH) return false;
    const { log, tokens, directory } = this.#context;
    log.countTokenRequest("managedIdentity");
    const query = exchange.url.searchParams;
    const fail = (status: number, error: string, description: string) =>
      exchange.sendJson(status, { error, error_description: description });
    if (exchange.method !== "GET") return (fail(405, "invalid_request", "Only GET is supported."), true);
    if (exchange.header("x-identity-header") !== this.identityHeader) {
      return (fail(401, "invalid_request", "The X-IDENTITY-HEADER header is missing or does not match."), true);
    }
    const resource = query.get("resource")?.replace(/\/+$/, "");
    if (resource === undefined || resource === "") {
      return (fail(400, "invalid_request", "Required query variable 'resource' is missing."), true);
    }
    if (!knownResources(this.#context).has(resource)) {
      return (fail(400, "invalid_resource", `The resource principal named ${resource} was not found in the tenant.`), true);
    }
    const clientId = query.get("client_id");
    if (query.has("principal_id") || query.has("mi_res_id") || query.has("object_id")) {
      return (fail(400, "invalid_request", "The emulator selects user-assigned identities by client_id only."), true);
    }
    const identity = clientId === null ? this.#systemAssigned() : directory.app(clientId);
    if (identity === undefined || !identity.managedIdentity) {
      return (fail(400, "invalid_request", "Unable to load the proper Managed Identity."), true);
    }
    const now = Date.now();
    const lifetimeSeconds = this.#context.behaviour().tokenLifetimeSeconds;
    const accessToken = tokens.issue({
      clientId: identity.clientId,
      objectId: identity.servicePrincipalId,
      resource,
      roles: identity.roles,
      authenticationMethod: "2",
      lifetimeSeconds,
      issuedAt: now,
    });
    exchange.sendJson(200, {
      access_token: accessToken,
      expires_on: String(Math.floor(now / 1000) + lifetimeSeconds),
      resource,
      token_type: "Bearer",
      client_id: identity.clientId,
    });
    return true;
  }
}
