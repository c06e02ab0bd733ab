import { createHash, generateKeyPair, KeyObject, randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { DecodedJwt, JwtClaims, signJwt, verifyJwtSignature } from "./jsonWebToken";

const generateKeyPairAsync = promisify(generateKeyPair);

/** One key of a JSON Web Key Set, as Entra publishes them. */
export interface JsonWebKey {
  readonly kty: "RSA";
  readonly use: "sig";
  readonly alg: "RS256";
  readonly kid: string;
  readonly n: string;
  readonly e: string;
}

/** An RS256 signing key with a key id, able to sign tokens and to publish itself as a JWKS entry. */
export class SigningKey {
  readonly keyId: string;
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;

  private constructor(privateKey: KeyObject, publicKey: KeyObject) {
    this.#privateKey = privateKey;
    this.#publicKey = publicKey;
    // A thumbprint-like kid, as Entra's kids are, derived so it is stable for this key.
    const der = publicKey.export({ type: "spki", format: "der" });
    this.keyId = createHash("sha256").update(der).digest("base64url").slice(0, 27);
  }

  /** Generates a fresh 2048-bit RSA key. */
  static async generate(): Promise<SigningKey> {
    const { privateKey, publicKey } = await generateKeyPairAsync("rsa", { modulusLength: 2048 });
    return new SigningKey(privateKey, publicKey);
  }

  /** Signs claims as a JWT whose header names this key. */
  sign(claims: JwtClaims): string {
    return signJwt({ typ: "JWT", alg: "RS256", kid: this.keyId }, claims, this.#privateKey);
  }

  /** True when the token names this key and its signature verifies with it. */
  verifies(decoded: DecodedJwt): boolean {
    return decoded.header.kid === this.keyId && verifyJwtSignature(decoded, this.#publicKey);
  }

  /** The public half as a JWKS entry. */
  toJsonWebKey(): JsonWebKey {
    const jwk = this.#publicKey.export({ format: "jwk" });
    return { kty: "RSA", use: "sig", alg: "RS256", kid: this.keyId, n: String(jwk.n), e: String(jwk.e) };
  }

  /** A fresh token id (`jti` / `uti`). */
  static tokenId(): string {
    return randomUUID();
  }
}
