import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import type * as Forge from "node-forge";

/** Why a configured certificate cannot be used; the message quotes nothing from it, the caller names the setting. */
export class CertificateContentError extends Error {
  override readonly name = "CertificateContentError";
}

/**
 * A client certificate as `@azure/identity` takes it, read by content, not by file name (azuread's certificate guide
 * uses a PFX where `@azure/identity` takes PEM): PEM, or a PKCS #12 (PFX) file opened with `password` (unset: a file
 * exported without one). The result is the private key (unencrypted PKCS #8) and its certificate, then the other
 * certificates of the file, all PEM: with `sendCertificateChain` every certificate goes into `x5c`, the key's first.
 */
export function certificatePem(content: Buffer, password: string | undefined): string {
  return content.includes("-----BEGIN") ? fromPem(content.toString("utf8"), password) : fromPfx(content, password ?? "");
}

function fromPem(text: string, password: string | undefined): string {
  const keyBlock = /-----BEGIN ((?:ENCRYPTED |RSA |EC )?PRIVATE KEY)-----[\s\S]+?-----END \1-----/.exec(text)?.[0];
  if (keyBlock === undefined) throw new CertificateContentError("the PEM holds no private key");
  let key: KeyObject;
  try {
    key = createPrivateKey(password === undefined ? keyBlock : { key: keyBlock, passphrase: password });
  } catch (error) {
    throw new CertificateContentError("its private key cannot be read: a wrong or missing password, or not a key", { cause: error });
  }
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return assemble(key, blocks.map((block) => readCertificate(block)));
}

function fromPfx(der: Buffer, password: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a PFX is configured
  const forge = require("node-forge") as typeof Forge;
  let bags: Forge.pkcs12.Bag[];
  try {
    const pfx = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der.toString("binary")), true, password);
    bags = pfx.safeContents.flatMap((contents) => contents.safeBags);
  } catch (error) {
    // node-forge's messages name no password or key material; only the wrong-password case is told apart.
    const wrongPassword = /MAC could not be verified/.test((error as Error | undefined)?.message ?? "");
    const reason = wrongPassword ? "the password is wrong" : "it is neither PEM nor a PKCS #12 (PFX) file that can be read";
    throw new CertificateContentError(`the PFX cannot be opened: ${reason}`, { cause: error });
  }
  const keyBags = bags.filter((bag) => bag.type === forge.pki.oids["pkcs8ShroudedKeyBag"] || bag.type === forge.pki.oids["keyBag"]);
  if (keyBags.length !== 1) throw new CertificateContentError(`the PFX holds ${keyBags.length} private keys, where one is needed`);
  const keyBag = keyBags[0] as Forge.pkcs12.Bag;
  // node-forge models RSA keys; other kinds it leaves as ASN.1, which node:crypto reads as PKCS #8.
  const keyAsn1 = keyBag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keyBag.key)) : keyBag.asn1;
  const key = createPrivateKey({ key: derOf(forge, keyAsn1), format: "der", type: "pkcs8" });
  const certificates = bags
    .filter((bag) => bag.type === forge.pki.oids["certBag"])
    .map((bag) => readCertificate(derOf(forge, bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1)));
  return assemble(key, certificates);
}

const derOf = (forge: typeof Forge, asn1: Forge.asn1.Asn1): Buffer => Buffer.from(forge.asn1.toDer(asn1).getBytes(), "binary");

function readCertificate(certificate: string | Buffer): X509Certificate {
  try {
    return new X509Certificate(certificate);
  } catch (error) {
    throw new CertificateContentError("a certificate in it cannot be read", { cause: error });
  }
}

/** The key, its certificate, then the rest in file order. */
function assemble(key: KeyObject, certificates: readonly X509Certificate[]): string {
  const own = certificates.find((certificate) => certificate.checkPrivateKey(key));
  if (own === undefined) throw new CertificateContentError("it holds no certificate for its private key");
  const ordered = [own, ...certificates.filter((certificate) => certificate !== own)];
  return key.export({ type: "pkcs8", format: "pem" }).toString() + ordered.map((certificate) => certificate.toString()).join("");
}
