import { certificatePem } from "../../../../provider/settings/clientCertificate";

/** What a PFX file holds once opened: the key and its certificate, then the others in file order. */
export interface OpenedPfx {
  readonly privateKeyPem: string;
  readonly certificatePems: readonly string[];
  /** Key, the key's certificate, then the others: what ClientCertificateCredential takes. */
  readonly pem: string;
}

/**
 * Opens a PFX as the provider does (node-forge, docs/decisions/pkcs12-parser.md), so the emulator's tests show that
 * what the fixtures write is what a real client signs with.
 */
export function openPfx(pfx: Buffer, password: string): OpenedPfx {
  const pem = certificatePem(pfx, password);
  const certificatePems = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g) ?? [];
  const privateKeyPem = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n?/.exec(pem)?.[0] ?? "";
  return { privateKeyPem, certificatePems, pem };
}
