import { randomUUID } from "node:crypto";
import { SigningKey } from "../jwt/signingKey";
import { Exchange } from "../http/exchange";

/** A CI system's OIDC token issuer: signs short-lived ID tokens for the configured subject. */
export class OidcTokenIssuer {
  /** The `iss` of its tokens; a federated credential names it. */
  readonly issuer: string;
  /** The `sub` of the next tokens. */
  subject: string;
  readonly #key: SigningKey;
  readonly #lifetimeSeconds: number;
  readonly #extraClaims: (subject: string) => Record<string, string>;

  /**
   * @param issuer - the issuer URL (on the emulator's origin)
   * @param key - the issuer's own signing key, distinct from the tenant's
   * @param subject - the initial subject
   * @param extraClaims - CI-specific claims derived from the subject
   * @param lifetimeSeconds - token lifetime; GitHub's documented example spans 300 s
   */
  constructor(
    issuer: string,
    key: SigningKey,
    subject: string,
    extraClaims: (subject: string) => Record<string, string> = () => ({}),
    lifetimeSeconds = 300,
  ) {
    this.issuer = issuer;
    this.subject = subject;
    this.#key = key;
    this.#extraClaims = extraClaims;
    this.#lifetimeSeconds = lifetimeSeconds;
  }

  /** The key that verifies this issuer's tokens. */
  get key(): SigningKey {
    return this.#key;
  }

  /** Signs an ID token for `audience`. */
  issue(audience: string, now = Date.now()): string {
    const issuedAt = Math.floor(now / 1000);
    return this.#key.sign({
      ...this.#extraClaims(this.subject),
      jti: randomUUID(),
      iss: this.issuer,
      sub: this.subject,
      aud: audience,
      iat: issuedAt,
      nbf: issuedAt,
      exp: issuedAt + this.#lifetimeSeconds,
    });
  }

  /** Serves `{issuer}/.well-known/openid-configuration` and `{issuer}/.well-known/jwks`; false for other paths. */
  serveDiscovery(exchange: Exchange, pathname: string): boolean {
    if (exchange.method !== "GET") return false;
    const base = new URL(this.issuer).pathname;
    if (pathname === `${base}/.well-known/openid-configuration`) {
      exchange.sendJson(200, {
        issuer: this.issuer,
        jwks_uri: `${this.issuer}/.well-known/jwks`,
        subject_types_supported: ["public", "pairwise"],
        response_types_supported: ["id_token"],
        id_token_signing_alg_values_supported: [this.#key.algorithm],
      });
      return true;
    }
    if (pathname === `${base}/.well-known/jwks`) {
      exchange.sendJson(200, { keys: [this.#key.toJsonWebKey()] });
      return true;
    }
    return false;
  }
}
