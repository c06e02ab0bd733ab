import { CLOUD_PROFILES } from "../clouds";
import { Exchange } from "../http/exchange";
import { SigningKey } from "../jwt/signingKey";
import { ClientAuthenticator, presentedCredential } from "./clientAuthenticator";
import { EntraRejection } from "./entraRejection";
import { knownResources, TenantContext } from "./tenantContext";

// The OpenID configuration, the JWKS, and the token and authorize endpoints, for any tenant in the first segment.
const ENTRA_PATH =
  /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys|oauth2\/v2\.0\/(?:token|authorize))$/;

/** Scopes MSAL may add that name no resource. */
const OIDC_SCOPES = new Set(["openid", "profile", "offline_access"]);

/** True when the path is one of the Entra endpoints (for any tenant). */
export function isEntraPath(pathname: string): boolean {
  return ENTRA_PATH.test(pathname);
}

/**
 * Entra ID for one tenant: OpenID configuration, JWKS, and the v2.0 token endpoint for `client_credentials`
 * (client secret, certificate assertion, federated assertion). Another tenant in the path gets AADSTS90002.
 */
export class EntraEndpoints {
  readonly #context: TenantContext;
  readonly #signingKey: SigningKey;
  readonly #authenticator: ClientAuthenticator;

  /**
   * @param context - the tenant
   * @param signingKey - the tenant's token-signing key, published in the JWKS
   * @param trustedIssuers - issuers whose assertions the emulator can verify (its CI providers)
   */
  constructor(context: TenantContext, signingKey: SigningKey, trustedIssuers: ReadonlyMap<string, SigningKey>) {
    this.#context = context;
    this.#signingKey = signingKey;
    this.#authenticator = new ClientAuthenticator({
      assertionAudiences: [this.tokenEndpoint, this.issuer],
      trustedIssuers,
    });
  }

  /** `{origin}/{tenant}/v2.0`: the issuer in the OpenID configuration and in every token. */
  get issuer(): string {
    return `${this.#context.origin}/${this.#context.tenantId}/v2.0`;
  }

  /** `{origin}/{tenant}/oauth2/v2.0/token`. */
  get tokenEndpoint(): string {
    return `${this.#context.origin}/${this.#context.tenantId}/oauth2/v2.0/token`;
  }

  /** Serves an Entra path; false when the path is not one. */
  async handle(exchange: Exchange): Promise<boolean> {
    const match = ENTRA_PATH.exec(exchange.url.pathname);
    if (match === null) return false;
    const [, tenant = "", endpoint = ""] = match;
    try {
      if (endpoint === "oauth2/v2.0/token") {
        await this.#token(exchange, tenant);
        return true;
      }
      this.#requireTenant(tenant);
      switch (endpoint) {
        case "v2.0/.well-known/openid-configuration":
          this.#requireMethod(exchange, "GET");
          exchange.sendJson(200, this.#openIdConfiguration());
          break;
        case "discovery/v2.0/keys":
          this.#requireMethod(exchange, "GET");
          exchange.sendJson(200, { keys: [this.#signingKey.toJsonWebKey()] });
          break;
        default:
          throw new EntraRejection(
            400, "unsupported_response_type", 70005, "The emulator serves the client credentials flow only.",
          );
      }
    } catch (error) {
      if (!(error instanceof EntraRejection)) throw error;
      exchange.sendEntraError(error.status, error.error, error.aadsts, error.description);
    }
    return true;
  }

  #requireTenant(tenant: string): void {
    if (tenant !== this.#context.tenantId) {
      throw new EntraRejection(
        400, "invalid_request", 90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the ` +
          "correct cloud.",
      );
    }
  }

  #requireMethod(exchange: Exchange, method: string): void {
    if (exchange.method !== method) {
      throw new EntraRejection(400, "invalid_request", 900561, `The endpoint only accepts ${method} requests.`);
    }
  }

  #openIdConfiguration(): Record<string, unknown> {
    const { origin, tenantId, options } = this.#context;
    const graphHost = new URL(options.cloud === undefined ? origin : CLOUD_PROFILES[options.cloud].graphAudience).host;
    return {
      issuer: this.issuer,
      token_endpoint: this.tokenEndpoint,
      authorization_endpoint: `${origin}/${tenantId}/oauth2/v2.0/authorize`,
      jwks_uri: `${origin}/${tenantId}/discovery/v2.0/keys`,
      end_session_endpoint: `${origin}/${tenantId}/oauth2/v2.0/logout`,
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      response_modes_supported: ["query", "fragment", "form_post"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      request_uri_parameter_supported: false,
      tenant_region_scope: null,
      cloud_instance_name: "emulator",
      msgraph_host: graphHost,
    };
  }

  async #token(exchange: Exchange, tenant: string): Promise<void> {
    const { directory, tokens, tenantId, log } = this.#context;
    const form = new URLSearchParams(exchange.method === "POST" ? (await exchange.body()).toString("utf8") : "");
    const credential = presentedCredential(form);
    log.countTokenRequest(credential.flow);
    this.#requireMethod(exchange, "POST");
    this.#requireTenant(tenant);
    const required = (name: string): string => {
      const value = form.get(name);
      if (value === null || value === "") {
        const description = `The request body must contain the following parameter: '${name}'.`;
        throw new EntraRejection(400, "invalid_request", 900144, description);
      }
      return value;
    };
    const grantType = required("grant_type");
    if (grantType !== "client_credentials") {
      const description = `The app requested an unsupported grant type '${grantType}'.`;
      throw new EntraRejection(400, "unsupported_grant_type", 70003, description);
    }
    const clientId = required("client_id");
    const resource = this.#resourceOf(required("scope"));
    if (credential.flow === "invalid") throw credential.rejection;
    const app = directory.app(clientId);
    if (app === undefined) {
      throw new EntraRejection(
        400, "unauthorized_client", 700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenantId}'. This can happen if the ` +
          "application has not been installed by the administrator of the tenant or consented to by any user in the tenant. " +
          "You may have sent your authentication request to the wrong tenant.",
      );
    }
    const now = Date.now();
    const authenticationMethod = this.#authenticator.authenticate(app, credential, now);
    const lifetimeSeconds = this.#context.behaviour().tokenLifetimeSeconds;
    const accessToken = tokens.issue({
      clientId,
      objectId: app.servicePrincipalId,
      resource,
      roles: app.roles,
      authenticationMethod,
      lifetimeSeconds,
      issuedAt: now,
    });
    exchange.sendJson(
      200,
      { token_type: "Bearer", expires_in: lifetimeSeconds, ext_expires_in: lifetimeSeconds, access_token: accessToken },
      { "cache-control": "no-store, no-cache", pragma: "no-cache", "x-ms-request-id": exchange.requestId },
    );
  }

  /** The resource of a client-credentials scope (`<resource>/.default`), checked against the known resources. */
  #resourceOf(scope: string): string {
    const scopes = scope.split(/\s+/).filter((item) => item !== "" && !OIDC_SCOPES.has(item));
    const only = scopes.length === 1 ? scopes[0] : undefined;
    if (only === undefined || !only.endsWith("/.default")) {
      throw new EntraRejection(
        400, "invalid_scope", 1002012,
        `The provided value for scope ${scopes.join(" ")} is not valid. Client credential flows must have a scope value ` +
          "with /.default suffixed to the resource identifier (application ID URI).",
      );
    }
    const resource = only.slice(0, -"/.default".length);
    if (!knownResources(this.#context).has(resource)) {
      throw new EntraRejection(
        400, "invalid_resource", 500011,
        `The resource principal named ${resource} was not found in the tenant named ${this.#context.tenantId}. This can ` +
          "happen if the application has not been installed by the administrator of the tenant or consented to by any " +
          "user in the tenant. You might have sent your authentication request to the wrong tenant.",
      );
    }
    return resource;
  }
}
