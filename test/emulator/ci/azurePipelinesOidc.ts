import { randomBytes, randomUUID } from "node:crypto";
import { Exchange } from "../http/exchange";
import { SigningKey } from "../jwt/signingKey";
import { RequestLog } from "../traffic/requestLog";
import { bearerMatches } from "./bearerMatches";
import { OidcTokenIssuer } from "./oidcTokenIssuer";

/** The path prefix of the fake Azure Pipelines OIDC provider on the emulator's origin. */
export const AZURE_PIPELINES_PATH = "/azure-pipelines";

/**
 * The fake Azure Pipelines OIDC endpoint: what SYSTEM_OIDCREQUESTURI points at. AzurePipelinesCredential sends
 * `POST {requestUri}?api-version=7.1&serviceConnectionId=<id>` with `Authorization: Bearer <System.AccessToken>`
 * and reads `{"oidcToken": jwt}`.
 */
export class AzurePipelinesOidc {
  /** For SYSTEM_OIDCREQUESTURI (no query string: the credential appends `?api-version=...`). */
  readonly requestUri: string;
  /** The pipeline's System.AccessToken (made up per emulator). */
  readonly systemAccessToken = randomBytes(24).toString("base64url");
  /** The service connection the tokens are issued for. */
  readonly serviceConnectionId = randomUUID();
  /** The `iss` of the ID tokens; use it as a federated credential's issuer. */
  readonly issuer: string;
  readonly #tokens: OidcTokenIssuer;
  readonly #audience: string;
  readonly #log: RequestLog;

  /**
   * @param origin - the emulator's origin
   * @param key - the provider's signing key
   * @param audience - the `aud` of its tokens (the cloud's federated audience, as Azure DevOps issues)
   * @param log - where token requests are counted
   */
  constructor(origin: string, key: SigningKey, audience: string, log: RequestLog) {
    this.issuer = `${origin}${AZURE_PIPELINES_PATH}`;
    this.requestUri = `${this.issuer}/oidctoken`;
    this.#tokens = new OidcTokenIssuer(this.issuer, key, "sc://contoso/infrastructure/graph-sync");
    this.#audience = audience;
    this.#log = log;
  }

  /** The `sub` the next tokens carry (default `sc://contoso/infrastructure/graph-sync`). */
  get subject(): string {
    return this.#tokens.subject;
  }

  /** Sets the `sub` of the next tokens. */
  setSubject(subject: string): void {
    this.#tokens.subject = subject;
  }

  /** The key that signs this provider's tokens. */
  get signingKey(): SigningKey {
    return this.#tokens.key;
  }

  /** Handles a request under {@link AZURE_PIPELINES_PATH}; false when the path is not this provider's. */
  handle(exchange: Exchange): boolean {
    const pathname = exchange.url.pathname;
    if (this.#tokens.serveDiscovery(exchange, pathname)) return true;
    if (pathname !== `${AZURE_PIPELINES_PATH}/oidctoken`) return false;
    this.#log.countTokenRequest("azurePipelinesOidc");
    if (exchange.method !== "POST") {
      exchange.sendJson(405, { message: "Method not allowed." });
    } else if (!bearerMatches(exchange.header("authorization"), this.systemAccessToken)) {
      exchange.sendJson(401, { message: "TF400813: The user is not authorized to access this resource." });
    } else if (exchange.url.searchParams.get("serviceConnectionId") !== this.serviceConnectionId) {
      exchange.sendJson(404, { message: "The service connection does not exist or has not been authorized." });
    } else {
      exchange.sendJson(200, { oidcToken: this.#tokens.issue(this.#audience) });
    }
    return true;
  }
}
