import { randomBytes } from "node:crypto";
import { Exchange } from "../http/exchange";
import { RegisteredApp } from "../types";
import { knownResources, TenantContext } from "./tenantContext";

/** The path App Service's identity endpoint answers on (IDENTITY_ENDPOINT). */
export const MANAGED_IDENTITY_PATH = "/msi/token";

/** The path of the instance metadata service's token endpoint (what azuread's `msiEndpoint` names in full). */
export const IMDS_TOKEN_PATH = "/metadata/identity/oauth2/token";

/**
 * Managed-identity token endpoints, both on the emulator's plain-http loopback listener:
 * - App Service: `GET {IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=<r>` with
 *   `X-IDENTITY-HEADER: {IDENTITY_HEADER}`, answering `{access_token, expires_on, resource, token_type, client_id}`.
 *   msal-node 7.2.3 (under @azure/identity 4.14.1) selects this source when both variables are set.
 * - The instance metadata service (IMDS) shape: `GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=<r>`
 *   (a trailing `/` accepted) with `Metadata: true`, answering `{access_token, client_id, expires_in, expires_on, ext_expires_in, not_before,
 *   resource, token_type}`. msal-node and @azure/identity's probe send IMDS requests to
 *   `AZURE_POD_IDENTITY_AUTHORITY_HOST` when it is set, so a test points that variable here and nothing reaches
 *   169.254.169.254.
 * ManagedIdentityCredential sets allowInsecureConnection, so plain http is accepted.
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

  /** Serves {@link MANAGED_IDENTITY_PATH} and {@link IMDS_TOKEN_PATH}; false for other paths. */
  handle(exchange: Exchange): boolean {
    // msal-node 7.2.3 writes the IMDS URL with a trailing "/", which IMDS accepts.
    const path = exchange.url.pathname === `${IMDS_TOKEN_PATH}/` ? IMDS_TOKEN_PATH : exchange.url.pathname;
    if (path !== MANAGED_IDENTITY_PATH && path !== IMDS_TOKEN_PATH) return false;
    this.#context.log.countTokenRequest("managedIdentity");
    const fail = (status: number, error: string, description: string) =>
      exchange.sendJson(status, { error, error_description: description });
    if (exchange.method !== "GET") return (fail(405, "invalid_request", "Only GET is supported."), true);
    if (path === MANAGED_IDENTITY_PATH && exchange.header("x-identity-header") !== this.identityHeader) {
      return (fail(401, "invalid_request", "The X-IDENTITY-HEADER header is missing or does not match."), true);
    }
    if (path === IMDS_TOKEN_PATH && exchange.header("metadata") !== "true") {
      return (fail(400, "invalid_request", "Required metadata header not specified"), true);
    }
    const query = exchange.url.searchParams;
    if (path === IMDS_TOKEN_PATH && !query.has("api-version")) {
      return (fail(400, "invalid_request", "Required query variable 'api-version' is missing"), true);
    }
    const resource = query.get("resource")?.replace(/\/+$/, "");
    if (resource === undefined || resource === "") {
      return (fail(400, "invalid_request", "Required query variable 'resource' is missing."), true);
    }
    if (!knownResources(this.#context).has(resource)) {
      return (fail(400, "invalid_resource", `The resource principal named ${resource} was not found in the tenant.`), true);
    }
    if (query.has("principal_id") || query.has("mi_res_id") || query.has("msi_res_id") || query.has("object_id")) {
      return (fail(400, "invalid_request", "The emulator selects user-assigned identities by client_id only."), true);
    }
    const clientId = query.get("client_id");
    const identity = clientId === null ? this.#systemAssigned() : this.#context.directory.app(clientId);
    if (identity === undefined || !identity.managedIdentity) {
      const description = path === IMDS_TOKEN_PATH ? "Identity not found" : "Unable to load the proper Managed Identity.";
      return (fail(400, "invalid_request", description), true);
    }
    const now = Date.now();
    const lifetimeSeconds = this.#context.behaviour().tokenLifetimeSeconds;
    const accessToken = this.#context.tokens.issue({
      clientId: identity.clientId,
      objectId: identity.servicePrincipalId,
      resource,
      roles: identity.roles,
      authenticationMethod: "2",
      lifetimeSeconds,
      issuedAt: now,
    });
    const nowSeconds = Math.floor(now / 1000);
    const common = { access_token: accessToken, expires_on: String(nowSeconds + lifetimeSeconds), resource, token_type: "Bearer" };
    exchange.sendJson(
      200,
      path === IMDS_TOKEN_PATH
        ? {
            ...common,
            client_id: identity.clientId,
            expires_in: String(lifetimeSeconds),
            ext_expires_in: String(lifetimeSeconds),
            not_before: String(nowSeconds),
          }
        : { ...common, client_id: identity.clientId },
    );
    return true;
  }
}
