import { webcrypto } from "node:crypto";
import "./reflectMetadata";
import * as x509 from "@peculiar/x509";

const crypto = webcrypto;

/** ECDSA P-256: the emulator's authorities use it because it is fast to create. */
export const EC_KEY: webcrypto.EcKeyGenParams = { name: "ECDSA", namedCurve: "P-256" };
export const HOUR_MS = 3_600_000;
const EC_SIGNING: webcrypto.EcdsaParams = { name: "ECDSA", hash: "SHA-256" };

/** A throwaway authority's self-signed certificate and the key it signs with. */
export interface AuthorityKeys {
  readonly certificate: x509.X509Certificate;
  readonly privateKey: webcrypto.CryptoKey;
}

/** What a certificate an authority signs is about: its subject, its key, how long it holds and what it may do. */
export interface CertificateRequest {
  readonly subject: string;
  readonly publicKey: webcrypto.CryptoKey;
  /** Defaults: from an hour ago (clock skew between the emulator and a client) for a day. */
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly extensions: x509.Extension[];
}

/**
 * A throwaway certificate authority: the emulator's TLS CA and the issuer of client certificates for subject name and
 * issuer authentication differ only in what they sign, so the keys and the signing live here once.
 */
export abstract class SigningAuthority {
  /** The authority's certificate, PEM with a final newline. */
  readonly certificatePem: string;
  protected readonly certificate: x509.X509Certificate;
  protected readonly privateKey: webcrypto.CryptoKey;

  protected constructor({ certificate, privateKey }: AuthorityKeys) {
    this.certificate = certificate;
    this.privateKey = privateKey;
    this.certificatePem = certificate.toString("pem") + "\n";
  }

  /**
   * New keys and a self-signed certificate for `subject`, valid from an hour ago for `validMs`; it may sign
   * certificates and revocation lists but no further authority (path length 0).
   */
  protected static async createKeys(subject: string, validMs: number): Promise<AuthorityKeys> {
    const keys = await crypto.subtle.generateKey(EC_KEY, true, ["sign", "verify"]);
    const certificate = await x509.X509CertificateGenerator.createSelfSigned(
      {
        name: subject,
        keys,
        signingAlgorithm: EC_SIGNING,
        notBefore: new Date(Date.now() - HOUR_MS),
        notAfter: new Date(Date.now() + validMs),
        extensions: [
          new x509.BasicConstraintsExtension(true, 0, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
          await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        ],
      },
      crypto,
    );
    return { certificate, privateKey: keys.privateKey };
  }

  /** A certificate this authority signs; it names the authority's key, so a chain can be built from it. */
  protected async sign(request: CertificateRequest): Promise<x509.X509Certificate> {
    return x509.X509CertificateGenerator.create(
      {
        subject: request.subject,
        issuer: this.certificate.subject,
        publicKey: request.publicKey,
        signingKey: this.privateKey,
        signingAlgorithm: EC_SIGNING,
        notBefore: request.notBefore ?? new Date(Date.now() - HOUR_MS),
        notAfter: request.notAfter ?? new Date(Date.now() + 24 * HOUR_MS),
        extensions: [
          ...request.extensions,
          await x509.SubjectKeyIdentifierExtension.create(request.publicKey, false, crypto),
          await x509.AuthorityKeyIdentifierExtension.create(this.certificate, false, crypto),
        ],
      },
      crypto,
    );
  }
}
