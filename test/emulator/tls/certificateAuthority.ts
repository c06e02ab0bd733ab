import { mkdir, readFile, writeFile } from "node:fs/promises";
import { webcrypto } from "node:crypto";
import { join } from "node:path";
import "./reflectMetadata";
import * as x509 from "@peculiar/x509";
import { fromPem, toPem } from "./pem";

const crypto = webcrypto;
const EC_KEY: webcrypto.EcKeyGenParams = { name: "ECDSA", namedCurve: "P-256" };
const EC_SIGNING: webcrypto.EcdsaParams = { name: "ECDSA", hash: "SHA-256" };
const HOUR_MS = 3_600_000;

/** The file names a CA directory holds (written by the global setup, read by every emulator of the run). */
export const CA_CERT_FILE = "ca.pem";
/** The CA's private key (PKCS #8 PEM). It lives only in a temporary directory and is never committed. */
export const CA_KEY_FILE = "ca-key.pem";

/** A server certificate and its private key, both PEM, ready for `https.createServer`. */
export interface ServerCertificate {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

/**
 * A throwaway certificate authority (ECDSA P-256, fast to create) that issues the emulator's TLS server
 * certificates. Its certificate is what clients trust through NODE_EXTRA_CA_CERTS.
 */
export class CertificateAuthority {
  readonly certificatePem: string;
  readonly #certificate: x509.X509Certificate;
  readonly #privateKey: webcrypto.CryptoKey;

  private constructor(certificate: x509.X509Certificate, privateKey: webcrypto.CryptoKey) {
    this.#certificate = certificate;
    this.#privateKey = privateKey;
    this.certificatePem = certificate.toString("pem") + "\n";
  }

  /** Creates a new CA valid from an hour ago for `validDays` days. */
  static async create(validDays = 30): Promise<CertificateAuthority> {
    const keys = await crypto.subtle.generateKey(EC_KEY, true, ["sign", "verify"]);
    const certificate = await x509.X509CertificateGenerator.createSelfSigned(
      {
        name: "CN=pulumi-graph-sync emulator CA (test only)",
        keys,
        signingAlgorithm: EC_SIGNING,
        notBefore: new Date(Date.now() - HOUR_MS),
        notAfter: new Date(Date.now() + validDays * 24 * HOUR_MS),
        extensions: [
          new x509.BasicConstraintsExtension(true, 0, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
          await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        ],
      },
      crypto,
    );
    return new CertificateAuthority(certificate, keys.privateKey);
  }

  /** Loads a CA written by {@link CertificateAuthority.writeTo}. */
  static async load(directory: string): Promise<CertificateAuthority> {
    const [certificatePem, keyPem] = await Promise.all([
      readFile(join(directory, CA_CERT_FILE), "utf8"),
      readFile(join(directory, CA_KEY_FILE), "utf8"),
    ]);
    const keyDer = fromPem(keyPem, "PRIVATE KEY");
    if (keyDer === undefined) throw new Error(`${join(directory, CA_KEY_FILE)} holds no PKCS #8 private key.`);
    const privateKey = await crypto.subtle.importKey("pkcs8", keyDer, EC_KEY, true, ["sign"]);
    return new CertificateAuthority(new x509.X509Certificate(certificatePem), privateKey);
  }

  /** Writes the certificate and the private key into `directory` (created if needed); returns the cert's path. */
  async writeTo(directory: string): Promise<string> {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const keyPem = toPem(await crypto.subtle.exportKey("pkcs8", this.#privateKey), "PRIVATE KEY");
    const certificateFile = join(directory, CA_CERT_FILE);
    await Promise.all([
      writeFile(certificateFile, this.certificatePem, { mode: 0o644 }),
      writeFile(join(directory, CA_KEY_FILE), keyPem, { mode: 0o600 }),
    ]);
    return certificateFile;
  }

  /** Issues a server certificate for loopback: SANs 127.0.0.1, ::1 and localhost. */
  async issueServerCertificate(validDays = 30): Promise<ServerCertificate> {
    const keys = await crypto.subtle.generateKey(EC_KEY, true, ["sign", "verify"]);
    const certificate = await x509.X509CertificateGenerator.create(
      {
        subject: "CN=127.0.0.1",
        issuer: this.#certificate.subject,
        publicKey: keys.publicKey,
        signingKey: this.#privateKey,
        signingAlgorithm: EC_SIGNING,
        notBefore: new Date(Date.now() - HOUR_MS),
        notAfter: new Date(Date.now() + validDays * 24 * HOUR_MS),
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
          new x509.SubjectAlternativeNameExtension([
            { type: "ip", value: "127.0.0.1" },
            { type: "ip", value: "::1" },
            { type: "dns", value: "localhost" },
          ]),
          await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
          await x509.AuthorityKeyIdentifierExtension.create(this.#certificate, false, crypto),
        ],
      },
      crypto,
    );
    return {
      certificatePem: certificate.toString("pem") + "\n",
      privateKeyPem: toPem(await crypto.subtle.exportKey("pkcs8", keys.privateKey), "PRIVATE KEY"),
    };
  }
}
