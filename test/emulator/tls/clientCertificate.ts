import { createHash, webcrypto } from "node:crypto";
import "./reflectMetadata";
import * as x509 from "@peculiar/x509";
import { toPem } from "./pem";

const crypto = webcrypto;
const HOUR_MS = 3_600_000;
const RSA_SIGNING: webcrypto.RsaHashedKeyGenParams = {
  name: "RSASSA-PKCS1-v1_5",
  hash: "SHA-256",
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};
const EC_KEY: webcrypto.EcKeyGenParams = { name: "ECDSA", namedCurve: "P-256" };
const EC_SIGNING: webcrypto.EcdsaParams = { name: "ECDSA", hash: "SHA-256" };

/** A client certificate for an app registration, with its private key. */
export interface ClientCertificate {
  /** The certificate alone (what the app registration holds). */
  readonly certificatePem: string;
  /** The PKCS #8 private key alone. */
  readonly privateKeyPem: string;
  /**
   * Key, certificate, then its issuers in one PEM: the form ClientCertificateCredential and
   * AZURE_CLIENT_CERTIFICATE_PATH take (with `sendCertificateChain`, every certificate in it goes into `x5c`).
   */
  readonly pem: string;
  /** The issuers' certificates, the direct issuer first; empty for a self-signed certificate. */
  readonly chainPems: readonly string[];
  /** SHA-256 of the certificate's DER, upper-case hex (what msal-node sends as `x5t#S256`). */
  readonly thumbprintSha256: string;
}

async function clientCertificate(
  certificate: x509.X509Certificate,
  privateKey: webcrypto.CryptoKey,
  chainPems: readonly string[],
): Promise<ClientCertificate> {
  const certificatePem = certificate.toString("pem") + "\n";
  const privateKeyPem = toPem(await crypto.subtle.exportKey("pkcs8", privateKey), "PRIVATE KEY");
  return {
    certificatePem,
    privateKeyPem,
    pem: privateKeyPem + certificatePem + chainPems.join(""),
    chainPems,
    thumbprintSha256: createHash("sha256").update(Buffer.from(certificate.rawData)).digest("hex").toUpperCase(),
  };
}

/** Creates a 2048-bit RSA self-signed certificate to register on an app (about 0.2 s: RSA key generation). */
export async function createClientCertificate(subject = "CN=pulumi-graph-sync test client"): Promise<ClientCertificate> {
  const keys = await crypto.subtle.generateKey(RSA_SIGNING, true, ["sign", "verify"]);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    { name: subject, keys, signingAlgorithm: RSA_SIGNING, notBefore: new Date(Date.now() - HOUR_MS) },
    crypto,
  );
  return clientCertificate(certificate, keys.privateKey, []);
}

/**
 * A throwaway certificate authority that issues client certificates, for subject name and issuer (SN+I)
 * authentication: the app trusts a subject issued by this CA instead of one certificate's thumbprint, and the
 * client sends the chain in the assertion's `x5c` header (`sendCertificateChain`).
 */
export class ClientCertificateIssuer {
  /** The CA's certificate (what `trustedCertificateSubjects[].issuerCertificatePem` takes). */
  readonly certificatePem: string;
  readonly #certificate: x509.X509Certificate;
  readonly #privateKey: webcrypto.CryptoKey;

  private constructor(certificate: x509.X509Certificate, privateKey: webcrypto.CryptoKey) {
    this.#certificate = certificate;
    this.#privateKey = privateKey;
    this.certificatePem = certificate.toString("pem") + "\n";
  }

  /** Creates a CA (ECDSA P-256, fast to create) valid from an hour ago for a day. */
  static async create(subject = "CN=pulumi-graph-sync test issuing CA"): Promise<ClientCertificateIssuer> {
    const keys = await crypto.subtle.generateKey(EC_KEY, true, ["sign", "verify"]);
    const certificate = await x509.X509CertificateGenerator.createSelfSigned(
      {
        name: subject,
        keys,
        signingAlgorithm: EC_SIGNING,
        notBefore: new Date(Date.now() - HOUR_MS),
        notAfter: new Date(Date.now() + 24 * HOUR_MS),
        extensions: [
          new x509.BasicConstraintsExtension(true, 0, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true),
        ],
      },
      crypto,
    );
    return new ClientCertificateIssuer(certificate, keys.privateKey);
  }

  /** Issues a 2048-bit RSA client certificate for `subject`; its `pem` and `chainPems` carry this CA. */
  async issue(subject: string, validity: { notBefore?: Date; notAfter?: Date } = {}): Promise<ClientCertificate> {
    const keys = await crypto.subtle.generateKey(RSA_SIGNING, true, ["sign", "verify"]);
    const certificate = await x509.X509CertificateGenerator.create(
      {
        subject,
        issuer: this.#certificate.subject,
        publicKey: keys.publicKey,
        signingKey: this.#privateKey,
        signingAlgorithm: EC_SIGNING,
        notBefore: validity.notBefore ?? new Date(Date.now() - HOUR_MS),
        notAfter: validity.notAfter ?? new Date(Date.now() + 24 * HOUR_MS),
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
        ],
      },
      crypto,
    );
    return clientCertificate(certificate, keys.privateKey, [this.certificatePem]);
  }
}
