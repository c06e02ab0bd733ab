import { SigningKey } from "../jwt/signingKey";
import { audienceClaim, decodeJwt, JwtClaims, MalformedJwtError, numericClaim, stringClaim } from "../jwt/jsonWebToken";

/** Verified tokens remembered so a client reusing its token costs one RSA verification, not one per request. */
const VERIFIED_CACHE_SIZE = 1024;

/** How the client authenticated: Entra's `appidacr` (0 none/managed identity, 1 secret, 2 certificate/assertion). */
export type ClientAuthenticationMethod = "0" | "1" | "2";

/** What an access token is issued for. */
export interface AccessTokenGrant {
  readonly clientId: string;
  /** Object id of the client's service principal. */
  readonly objectId: string;
  /** The resource (becomes `aud`), e.g. `https://graph.microsoft.com`. */
  readonly resource: string;
  readonly roles: readonly string[];
  readonly authenticationMethod: ClientAuthenticationMethod;
  readonly lifetimeSeconds: number;
  /** Issue time, epoch ms. Default now. */
  readonly issuedAt?: number;
  /** Tenant id claim. Default: the issuer's tenant. */
  readonly tenantId?: string;
}

/** A token Graph accepted: who calls, from which tenant, with which application permissions. */
export interface VerifiedAccessToken {
  readonly clientId: string;
  readonly tenantId: string;
  readonly objectId: string;
  readonly roles: readonly string[];
}

/** Why a bearer token was refused; `message` is the text Graph's 401 carries. */
export interface AccessTokenRejection {
  readonly reason: "missing" | "malformed" | "signature" | "expired" | "audience";
  readonly message: string;
}

/** Issues the tenant's access tokens (signed JWTs) and verifies them when they come back to Graph. */
export class AccessTokenIssuer {
  readonly #key: SigningKey;
  readonly #issuer: string;
  readonly #tenantId: string;
  readonly #verified = new Map<string, JwtClaims>();

  /**
   * @param key - the tenant's token-signing key (published in the JWKS)
   * @param issuer - the `iss` claim (the OpenID configuration's issuer)
   * @param tenantId - the `tid` claim
   */
  constructor(key: SigningKey, issuer: string, tenantId: string) {
    this.#key = key;
    this.#issuer = issuer;
    this.#tenantId = tenantId;
  }

  /** Signs an access token for the grant. */
  issue(grant: AccessTokenGrant): string {
    const issuedAt = Math.floor((grant.issuedAt ?? Date.now()) / 1000);
    return this.#key.sign({
      aud: grant.resource,
      iss: this.#issuer,
      iat: issuedAt,
      nbf: issuedAt,
      exp: issuedAt + grant.lifetimeSeconds,
      appid: grant.clientId,
      appidacr: grant.authenticationMethod,
      idtyp: "app",
      oid: grant.objectId,
      sub: grant.objectId,
      roles: [...grant.roles],
      tid: grant.tenantId ?? this.#tenantId,
      uti: SigningKey.tokenId(),
      ver: "1.0",
    });
  }

  /** Checks signature, lifetime and audience, in the order Graph reports them. */
  verify(token: string | undefined, expectedAudience: string, now = Date.now()): VerifiedAccessToken | AccessTokenRejection {
    if (token === undefined || token === "") return { reason: "missing", message: "Access token is empty." };
    let claims = this.#verified.get(token);
    if (claims === undefined) {
      let decoded;
      try {
        decoded = decodeJwt(token);
      } catch (error) {
        if (!(error instanceof MalformedJwtError)) throw error;
        return { reason: "malformed", message: "IDX14100: JWT is not well formed." };
      }
      if (!this.#key.verifies(decoded)) {
        return { reason: "signature", message: "Access token validation failure. Signature verification failed." };
      }
      claims = decoded.claims;
      // Only the signature check is remembered; lifetime and audience are checked on every request below.
      if (this.#verified.size >= VERIFIED_CACHE_SIZE) this.#verified.clear();
      this.#verified.set(token, claims);
    }
    const expiresAt = numericClaim(claims, "exp") ?? 0;
    const notBefore = numericClaim(claims, "nbf") ?? 0;
    const nowSeconds = now / 1000;
    if (expiresAt <= nowSeconds || notBefore > nowSeconds) {
      return { reason: "expired", message: "Access token has expired or is not yet valid." };
    }
    if (!audienceClaim(claims).includes(expectedAudience)) {
      return { reason: "audience", message: "Access token validation failure. Invalid audience." };
    }
    const roles = claims["roles"];
    return {
      clientId: stringClaim(claims, "appid") ?? "",
      tenantId: stringClaim(claims, "tid") ?? "",
      objectId: stringClaim(claims, "oid") ?? "",
      roles: Array.isArray(roles) ? roles.filter((role): role is string => typeof role === "string") : [],
    };
  }
}

/** Narrows a verification result to a rejection. */
export function isRejection(result: VerifiedAccessToken | AccessTokenRejection): result is AccessTokenRejection {
  return "reason" in result;
}
