import { randomBytes } from "node:crypto";
import { Exchange } from "../http/exchange";
import { SigningKey } from "../jwt/signingKey";
import { RequestLog } from "../traffic/requestLog";
import { bearerMatches } from "./bearerMatches";
import { OidcTokenIssuer } from "./oidcTokenIssuer";

/** The path prefix of the fake GitHub Actions OIDC provider on the emulator's origin. */
export const GITHUB_ACTIONS_PATH = "/github-actions";

/**
 * The fake GitHub Actions OIDC token endpoint: what ACTIONS_ID_TOKEN_REQUEST_URL / ACTIONS_ID_TOKEN_REQUEST_TOKEN
 * point at. `GET {requestUrl}&audience=<aud>` with `Authorization: Bearer {requestToken}` answers `{"value": jwt}`.
 */
export class GitHubActionsOidc {
  /** For ACTIONS_ID_TOKEN_REQUEST_URL. It already has a query string, as GitHub's has: clients append `&audience=`. */
  readonly requestUrl: string;
  /** For ACTIONS_ID_TOKEN_REQUEST_TOKEN: the runner's request token (made up per emulator). */
  readonly requestToken = randomBytes(24).toString("base64url");
  /** The `iss` of the ID tokens; use it as a federated credential's issuer. */
  readonly issuer: string;
  readonly #tokens: OidcTokenIssuer;
  readonly #log: RequestLog;

  /**
   * @param origin - the emulator's origin
   * @param key - the provider's signing key
   * @param log - where token requests are counted
   */
  constructor(origin: string, key: SigningKey, log: RequestLog) {
    this.issuer = `${origin}${GITHUB_ACTIONS_PATH}`;
    this.requestUrl = `${this.issuer}/idtoken?api-version=2.0`;
    this.#tokens = new OidcTokenIssuer(
      this.issuer,
      key,
      "repo:contoso/infrastructure:ref:refs/heads/main",
      (subject): Record<string, string> => {
        const repository = /^repo:([^:]+):/.exec(subject)?.[1];
        return repository === undefined ? {} : { repository, repository_owner: repository.split("/")[0] ?? "" };
      },
    );
    this.#log = log;
  }

  /** The `sub` the next tokens carry (default `repo:contoso/infrastructure:ref:refs/heads/main`). */
  get subject(): string {
    return this.#tokens.subject;
  }

  /** Sets the `sub` of the next tokens, e.g. `repo:org/repo:environment:prod`. */
  setSubject(subject: string): void {
    this.#tokens.subject = subject;
  }

  /** The key that signs this provider's tokens (the token endpoint verifies assertions with it). */
  get signingKey(): SigningKey {
    return this.#tokens.key;
  }

  /** Handles a request under {@link GITHUB_ACTIONS_PATH}; false when the path is not this provider's. */
  handle(exchange: Exchange): boolean {
    const pathname = exchange.url.pathname;
    if (this.#tokens.serveDiscovery(exchange, pathname)) return true;
    if (pathname !== `${GITHUB_ACTIONS_PATH}/idtoken`) return false;
    this.#log.countTokenRequest("githubActionsOidc");
    if (exchange.method !== "GET") {
      exchange.sendJson(405, { message: "Method not allowed." });
    } else if (!bearerMatches(exchange.header("authorization"), this.requestToken)) {
      exchange.sendJson(401, { message: "Bad credentials" });
    } else {
      // Without ?audience GitHub issues for the repository owner's URL.
      const audience = exchange.url.searchParams.get("audience") ?? "https://github.com/contoso";
      exchange.sendJson(200, { value: this.#tokens.issue(audience) });
    }
    return true;
  }
}
