import { mkdir, readFile, writeFile } from "node:fs/promises";
import { webcrypto } from "node:crypto";
import { join } from "node:path";
import "./reflectMetadata";
import * as x509 from "@peculiar/x509";
import { fromPem, toPem } from "./pem";
import { EC_KEY, HOUR_MS, SigningAuthority } from "./signingAuthority";

const crypto = webcrypto;

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
export class CertificateAuthority extends SigningAuthority {
  /** Creates a new CA valid from an hour ago for `validDays` days. */
  static async create(validDays = 30): Promise<CertificateAuthority> {
    return new CertificateAuthority(
      await SigningAuthority.createKeys("CN=pulumi-graph-sync emulator CA (test only)", validDays * 24 * HOUR_MS),
    );
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
    return new CertificateAuthority({ certificate: new x509.X509Certificate(certificatePem), privateKey });
  }

  /** Writes the certificate and the private key into `directory` (created if needed); returns the cert's path. */
  async writeTo(directory: string): Promise<string> {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const keyPem = toPem(await crypto.subtle.exportKey("pkcs8", this.privateKey), "PRIVATE KEY");
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
    const certificate = await this.sign({
      subject: "CN=127.0.0.1",
      publicKey: keys.publicKey,
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
      ],
    });
    return {
      certificatePem: certificate.toString("pem") + "\n",
      privateKeyPem: toPem(await crypto.subtle.exportKey("pkcs8", keys.privateKey), "PRIVATE KEY"),
    };
  }
}
