import { createHash, webcrypto } from "node:crypto";
import "./reflectMetadata";
import * as x509 from "@peculiar/x509";
import { toPem } from "./pem";
import { HOUR_MS, SigningAuthority } from "./signingAuthority";

const crypto = webcrypto;
const RSA_SIGNING: webcrypto.RsaHashedKeyGenParams = {
  name: "RSASSA-PKCS1-v1_5",
  hash: "SHA-256",
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};

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
export class ClientCertificateIssuer extends SigningAuthority {
  /**
   * Creates a CA (ECDSA P-256, fast to create) valid from an hour ago for a day; its `certificatePem` is what
   * `trustedCertificateSubjects[].issuerCertificatePem` takes.
   */
  static async create(subject = "CN=pulumi-graph-sync test issuing CA"): Promise<ClientCertificateIssuer> {
    return new ClientCertificateIssuer(await SigningAuthority.createKeys(subject, 24 * HOUR_MS));
  }

  /** Issues a 2048-bit RSA client certificate for `subject`; its `pem` and `chainPems` carry this CA. */
  async issue(subject: string, validity: { notBefore?: Date; notAfter?: Date } = {}): Promise<ClientCertificate> {
    const keys = await crypto.subtle.generateKey(RSA_SIGNING, true, ["sign", "verify"]);
    const certificate = await this.sign({
      subject,
      publicKey: keys.publicKey,
      ...validity,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      ],
    });
    return clientCertificate(certificate, keys.privateKey, [this.certificatePem]);
  }
}
