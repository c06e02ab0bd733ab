import { createHash, webcrypto } from "node:crypto";
import "./reflectMetadata";
import * as x509 from "@peculiar/x509";
import { toPem } from "./pem";

const crypto = webcrypto;

/** A self-signed client certificate for an app registration, with its private key. */
export interface ClientCertificate {
  /** The certificate alone (what the app registration holds). */
  readonly certificatePem: string;
  /** The PKCS #8 private key alone. */
  readonly privateKeyPem: string;
  /** Key then certificate in one PEM, the form ClientCertificateCredential and AZURE_CLIENT_CERTIFICATE_PATH take. */
  readonly pem: string;
  /** SHA-256 of the certificate's DER, upper-case hex (what msal-node sends as `x5t#S256`). */
  readonly thumbprintSha256: string;
}

/** Creates a 2048-bit RSA self-signed certificate to register on an app (about 0.2 s: RSA key generation). */
export async function createClientCertificate(subject = "CN=pulumi-graph-sync test client"): Promise<ClientCertificate> {
  const algorithm: webcrypto.RsaHashedKeyGenParams = {
    name: "RSASSA-PKCS1-v1_5",
    hash: "SHA-256",
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = await crypto.subtle.generateKey(algorithm, true, ["sign", "verify"]);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    { name: subject, keys, signingAlgorithm: algorithm, notBefore: new Date(Date.now() - 3_600_000) },
    crypto,
  );
  const certificatePem = certificate.toString("pem") + "\n";
  const privateKeyPem = toPem(await crypto.subtle.exportKey("pkcs8", keys.privateKey), "PRIVATE KEY");
  return {
    certificatePem,
    privateKeyPem,
    pem: privateKeyPem + certificatePem,
    thumbprintSha256: createHash("sha256").update(Buffer.from(certificate.rawData)).digest("hex").toUpperCase(),
  };
}
