import { createHash, generateKeyPair, KeyObject, randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { DecodedJwt, JwtClaims, signJwt, verifyJwtSignature } from "./jsonWebToken";

const generateKeyPairAsync = promisify(generateKeyPair);

interface JsonWebKeyBase {
  readonly use: "sig";
  readonly kid: string;
}

/** One key of a JSON Web Key Set: RSA (RS256) or P-256 (ES256). */
export type JsonWebKey =
  | (JsonWebKeyBase & { readonly kty: "RSA"; readonly alg: "RS256"; readonly n: string; readonly e: string })
  | (JsonWebKeyBase & { readonly kty: "EC"; readonly alg: "ES256"; readonly crv: "P-256"; readonly x: string; readonly y: string });

/** The signing algorithms a key can be generated for. */
export type SigningAlgorithm = "RS256" | "ES256";

/** A signing key with a key id, able to sign tokens and to publish itself as a JWKS entry. */
export class SigningKey {
  readonly keyId: string;
  readonly algorithm: SigningAlgorithm;
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;

  private constructor(algorithm: SigningAlgorithm, privateKey: KeyObject, publicKey: KeyObject) {
    this.algorithm = algorithm;
    this.#privateKey = privateKey;
    this.#publicKey = publicKey;
    // A thumbprint-like kid, as Entra's kids are, derived so it is stable for this key.
    const der = publicKey.export({ type: "spki", format: "der" });
    this.keyId = createHash("sha256").update(der).digest("base64url").slice(0, 27);
  }

  /**
   * Generates a fresh key: RS256 (2048-bit RSA, what Entra signs access tokens with; 0.1 to 0.4 s) or ES256
   * (P-256, milliseconds).
   */
  static async generate(algorithm: SigningAlgorithm = "RS256"): Promise<SigningKey> {
    const { privateKey, publicKey } =
      algorithm === "RS256"
        ? await generateKeyPairAsync("rsa", { modulusLength: 2048 })
        : await generateKeyPairAsync("ec", { namedCurve: "P-256" });
    return new SigningKey(algorithm, privateKey, publicKey);
  }

  /** Signs claims as a JWT whose header names this key. */
  sign(claims: JwtClaims): string {
    return signJwt({ typ: "JWT", alg: this.algorithm, kid: this.keyId }, claims, this.#privateKey);
  }

  /** True when the token names this key, uses its algorithm, and its signature verifies with it. */
  verifies(decoded: DecodedJwt): boolean {
    return (
      decoded.header.kid === this.keyId &&
      decoded.header.alg === this.algorithm &&
      verifyJwtSignature(decoded, this.#publicKey)
    );
  }

  /** The public half as a JWKS entry. */
  toJsonWebKey(): JsonWebKey {
    const jwk = this.#publicKey.export({ format: "jwk" });
    return this.algorithm === "RS256"
      ? { kty: "RSA", use: "sig", alg: "RS256", kid: this.keyId, n: String(jwk.n), e: String(jwk.e) }
      : { kty: "EC", use: "sig", alg: "ES256", kid: this.keyId, crv: "P-256", x: String(jwk.x), y: String(jwk.y) };
  }

  /** A fresh token id (`jti` / `uti`). */
  static tokenId(): string {
    return randomUUID();
  }
}
