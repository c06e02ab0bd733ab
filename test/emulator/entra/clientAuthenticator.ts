import { createHash, timingSafeEqual, X509Certificate } from "node:crypto";
import {
  audienceClaim, decodeJwt, DecodedJwt, MalformedJwtError, numericClaim, stringClaim, verifyJwtSignature,
} from "../jwt/jsonWebToken";
import { SigningKey } from "../jwt/signingKey";
import { RegisteredApp } from "../types";
import { ClientAuthenticationMethod } from "./accessTokenIssuer";
import { trustedChainSigner } from "./certificateChain";
import { EntraRejection } from "./entraRejection";

/** The `client_assertion_type` of RFC 7523 JWT bearer assertions. */
export const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** The client credential a token request carries, classified before the app is looked up. */
export type PresentedCredential =
  | { readonly flow: "clientSecret"; readonly secret: string }
  | { readonly flow: "clientCertificate" | "federatedAssertion"; readonly assertion: DecodedJwt }
  | { readonly flow: "invalid"; readonly rejection: EntraRejection };

/** A 401 `invalid_client`: the client's authentication failed. */
function clientRejection(aadsts: number, description: string): EntraRejection {
  return new EntraRejection(401, "invalid_client", aadsts, description);
}

/** A 400 `invalid_request`: the request itself is wrong. */
function requestRejection(aadsts: number, description: string): EntraRejection {
  return new EntraRejection(400, "invalid_request", aadsts, description);
}

/** Reads which credential a token request form carries. */
export function presentedCredential(form: URLSearchParams): PresentedCredential {
  const secret = form.get("client_secret");
  const assertion = form.get("client_assertion");
  if (secret !== null && assertion !== null) {
    const rejection = requestRejection(90023, "A request may carry client_secret or client_assertion, not both.");
    return { flow: "invalid", rejection };
  }
  if (secret !== null) return { flow: "clientSecret", secret };
  if (assertion === null) {
    const rejection = clientRejection(
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
    return { flow: "invalid", rejection };
  }
  if (form.get("client_assertion_type") !== JWT_BEARER) {
    return { flow: "invalid", rejection: requestRejection(50027, `client_assertion_type must be '${JWT_BEARER}'.`) };
  }
  try {
    const decoded = decodeJwt(assertion);
    const byCertificate = decoded.header.x5t !== undefined || decoded.header["x5t#S256"] !== undefined;
    return { flow: byCertificate ? "clientCertificate" : "federatedAssertion", assertion: decoded };
  } catch (error) {
    if (!(error instanceof MalformedJwtError)) throw error;
    return { flow: "invalid", rejection: requestRejection(50027, "JWT token is invalid or malformed.") };
  }
}

/** What the authenticator needs to know about the tenant. */
export interface ClientAuthenticatorContext {
  /** Audiences a certificate assertion may carry: the token endpoint (what MSAL uses) and the issuer. */
  readonly assertionAudiences: readonly string[];
  /** Issuers whose tokens the emulator can verify, with their keys (its own GitHub and Pipelines providers). */
  readonly trustedIssuers: ReadonlyMap<string, SigningKey>;
}

function secretsEqual(given: string, expected: string | undefined): boolean {
  if (expected === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function checkLifetime(claims: DecodedJwt["claims"], now: number): void {
  const nowSeconds = Math.floor(now / 1000);
  const expiresAt = numericClaim(claims, "exp");
  const notBefore = numericClaim(claims, "nbf");
  // Entra allows five minutes of clock skew on assertions.
  const expired = expiresAt === undefined || expiresAt + 300 <= nowSeconds;
  const early = notBefore !== undefined && notBefore - 300 > nowSeconds;
  if (expired || early) {
    const expiry = expiresAt === undefined ? "(none)" : new Date(expiresAt * 1000).toISOString();
    throw clientRejection(
      700024,
      `Client assertion is not within its valid time range. Current time: ${new Date(now).toISOString()}, ` +
        `expiry time of assertion ${expiry}.`,
    );
  }
}

const FEDERATION_HINT =
  "Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.";

/**
 * Authenticates the client of a token request the three ways Entra does for client credentials: a client secret,
 * a certificate-signed assertion (PS256 or RS256, `x5t#S256` or `x5t`; by the registered certificate's thumbprint,
 * or by subject name and issuer with the chain in `x5c`), or a federated assertion from a trusted issuer matching
 * one of the app's federated credentials.
 */
export class ClientAuthenticator {
  readonly #context: ClientAuthenticatorContext;

  /** @param context - the tenant's audiences and trusted issuers */
  constructor(context: ClientAuthenticatorContext) {
    this.#context = context;
  }

  /** Returns Entra's `appidacr` for the method used, or throws EntraRejection. */
  authenticate(
    app: RegisteredApp,
    credential: Exclude<PresentedCredential, { flow: "invalid" }>,
    now: number,
  ): ClientAuthenticationMethod {
    switch (credential.flow) {
      case "clientSecret":
        if (!secretsEqual(credential.secret, app.clientSecret)) {
          throw clientRejection(
            7000215,
            "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, " +
              `not the client secret ID, for a secret added to app '${app.clientId}'.`,
          );
        }
        return "1";
      case "clientCertificate":
        this.#verifyCertificateAssertion(app, credential.assertion, now);
        return "2";
      case "federatedAssertion":
        this.#verifyFederatedAssertion(app, credential.assertion, now);
        return "2";
    }
  }

  #verifyCertificateAssertion(app: RegisteredApp, assertion: DecodedJwt, now: number): void {
    const certificate = this.#registeredCertificate(app, assertion) ?? this.#chainCertificate(app, assertion, now);
    if (!verifyJwtSignature(assertion, certificate.publicKey)) {
      throw clientRejection(700027, "Client assertion failed signature validation.");
    }
    checkLifetime(assertion.claims, now);
    const { claims } = assertion;
    if (stringClaim(claims, "iss") !== app.clientId || stringClaim(claims, "sub") !== app.clientId) {
      throw clientRejection(700021, "Client assertion application identifier doesn't match 'client_id' parameter.");
    }
    if (!audienceClaim(claims).some((audience) => this.#context.assertionAudiences.includes(audience))) {
      throw clientRejection(700212, "The audience of the client assertion is not the token endpoint of this tenant.");
    }
  }

  /** The app's registered certificate when the assertion's thumbprint names it; an `x5c` header is then ignored. */
  #registeredCertificate(app: RegisteredApp, assertion: DecodedJwt): X509Certificate | undefined {
    if (app.certificatePem === undefined) return undefined;
    const bySha256 = assertion.header["x5t#S256"] !== undefined;
    const presented = assertion.header["x5t#S256"] ?? assertion.header.x5t ?? "";
    const certificate = new X509Certificate(app.certificatePem);
    const registered = createHash(bySha256 ? "sha256" : "sha1").update(certificate.raw).digest("base64url");
    return registered === presented ? certificate : undefined;
  }

  /** The certificate of the assertion's `x5c` chain, when the app trusts it by subject name and issuer. */
  #chainCertificate(app: RegisteredApp, assertion: DecodedJwt, now: number): X509Certificate {
    if (app.trustedCertificateSubjects.length > 0) {
      return trustedChainSigner(app.trustedCertificateSubjects, assertion.header, now);
    }
    const presented = assertion.header["x5t#S256"] ?? assertion.header.x5t ?? "";
    const thumbprint = Buffer.from(presented, "base64url").toString("hex").toUpperCase();
    throw clientRejection(
      700027,
      "The certificate with identifier used to sign the client assertion is not registered on application. " +
        `[Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}']`,
    );
  }

  #verifyFederatedAssertion(app: RegisteredApp, assertion: DecodedJwt, now: number): void {
    const issuer = stringClaim(assertion.claims, "iss") ?? "";
    const byIssuer = app.federatedCredentials.filter((credential) => credential.issuer === issuer);
    if (byIssuer.length === 0) {
      throw clientRejection(
        700211,
        `No matching federated identity record found for presented assertion issuer '${issuer}'. ${FEDERATION_HINT}`,
      );
    }
    const key = this.#context.trustedIssuers.get(issuer);
    if (key === undefined || !key.verifies(assertion)) {
      throw clientRejection(700027, "Client assertion failed signature validation.");
    }
    checkLifetime(assertion.claims, now);
    const audiences = audienceClaim(assertion.claims);
    const byAudience = byIssuer.filter((credential) => audiences.includes(credential.audience));
    if (byAudience.length === 0) {
      throw clientRejection(
        700212,
        `No matching federated identity record found for presented assertion audience '${audiences.join(",")}'. ` +
          FEDERATION_HINT,
      );
    }
    const subject = stringClaim(assertion.claims, "sub") ?? "";
    if (!byAudience.some((credential) => credential.subject === subject)) {
      throw clientRejection(
        700213,
        `No matching federated identity record found for presented assertion subject '${subject}'. ${FEDERATION_HINT}`,
      );
    }
  }
}
