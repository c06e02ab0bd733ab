/**
 * Compact JWS (RFC 7515) for the emulator's three algorithms, on node:crypto. Kept by hand rather than taken from
 * `jose`: see "Layout" in test/emulator/README.md for why (issue #14 item 8).
 */
import { constants, createPublicKey, KeyObject, sign, verify } from "node:crypto";

/** A JWT's header: the fields the emulator reads or writes. */
export interface JwtHeader {
  readonly alg: string;
  readonly typ?: string;
  readonly kid?: string;
  readonly x5t?: string;
  readonly "x5t#S256"?: string;
  readonly x5c?: readonly string[];
}

/** A JWT's claims. Values are JSON; the emulator reads the registered claims by name. */
export type JwtClaims = Readonly<Record<string, unknown>>;

/** A compact JWT split into its parts, not yet verified. */
export interface DecodedJwt {
  readonly header: JwtHeader;
  readonly claims: JwtClaims;
  /** `base64url(header) + "." + base64url(claims)`: the bytes the signature covers. */
  readonly signingInput: string;
  readonly signature: Buffer;
}

/**
 * The algorithms the emulator signs and verifies. PS256 is what msal-node signs certificate assertions with;
 * ES256 is what the fake CI providers sign with (P-256 keys are generated in milliseconds, RSA keys are not).
 */
export type JwtAlgorithm = "RS256" | "PS256" | "ES256";

const ALGORITHMS: ReadonlySet<string> = new Set<JwtAlgorithm>(["RS256", "PS256", "ES256"]);

/** Thrown when a string is not a well-formed compact JWT. */
export class MalformedJwtError extends Error {
  override readonly name = "MalformedJwtError";

  /** @param reason - what is wrong with the token's shape (never the token itself) */
  constructor(reason: string, options?: ErrorOptions) {
    super(`The token is not a well-formed JWT: ${reason}.`, options);
  }
}

function encodeSegment(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

function decodeSegment(segment: string, part: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new MalformedJwtError(`its ${part} is not a JSON object`);
    }
    return parsed as Record<string, unknown>;
  } catch (error) {
    if (error instanceof MalformedJwtError) throw error;
    throw new MalformedJwtError(`its ${part} is not base64url-encoded JSON`, { cause: error });
  }
}

/** Splits a compact JWT into header, claims and signature without verifying anything. */
export function decodeJwt(token: string): DecodedJwt {
  const parts = token.split(".");
  if (parts.length !== 3) throw new MalformedJwtError("it does not have three dot-separated parts");
  const [headerPart, claimsPart, signaturePart] = parts as [string, string, string];
  const header = decodeSegment(headerPart, "header");
  if (typeof header["alg"] !== "string") throw new MalformedJwtError("its header has no alg");
  return {
    header: header as unknown as JwtHeader,
    claims: decodeSegment(claimsPart, "claims"),
    signingInput: `${headerPart}.${claimsPart}`,
    signature: Buffer.from(signaturePart, "base64url"),
  };
}

function signatureOptions(algorithm: JwtAlgorithm, key: KeyObject) {
  switch (algorithm) {
    case "PS256":
      return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
    case "ES256":
      // JWS carries ECDSA signatures as r || s (RFC 7518 §3.4), not DER.
      return { key, dsaEncoding: "ieee-p1363" as const };
    case "RS256":
      return { key, padding: constants.RSA_PKCS1_PADDING };
  }
}

/** Signs claims into a compact JWT. */
export function signJwt(
  header: Omit<JwtHeader, "alg"> & { alg: JwtAlgorithm },
  claims: JwtClaims,
  privateKey: KeyObject,
): string {
  const signingInput = `${encodeSegment(header)}.${encodeSegment(claims)}`;
  const signature = sign("sha256", Buffer.from(signingInput), signatureOptions(header.alg, privateKey));
  return `${signingInput}.${signature.toString("base64url")}`;
}

/** True when the token's signature verifies with the public key under the algorithm its header names. */
export function verifyJwtSignature(decoded: DecodedJwt, publicKey: KeyObject | string): boolean {
  const algorithm = decoded.header.alg;
  if (!ALGORITHMS.has(algorithm)) return false;
  const key = typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey;
  const expectedType = algorithm === "ES256" ? "ec" : "rsa";
  if (key.asymmetricKeyType !== expectedType) return false;
  try {
    const options = signatureOptions(algorithm as JwtAlgorithm, key);
    return verify("sha256", Buffer.from(decoded.signingInput), options, decoded.signature);
  } catch {
    return false;
  }
}

/** Reads a string claim, or undefined when it is absent or not a string. */
export function stringClaim(claims: JwtClaims, name: string): string | undefined {
  const value = claims[name];
  return typeof value === "string" ? value : undefined;
}

/** Reads a NumericDate claim (seconds since the epoch), or undefined when absent or not a number. */
export function numericClaim(claims: JwtClaims, name: string): number | undefined {
  const value = claims[name];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Reads `aud`, which RFC 7519 allows to be a string or an array of strings. */
export function audienceClaim(claims: JwtClaims): string[] {
  const value = claims["aud"];
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return [];
}
