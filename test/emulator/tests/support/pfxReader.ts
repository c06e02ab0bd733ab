import { createPrivateKey, X509Certificate } from "node:crypto";
import forge from "node-forge";

/** What a PFX file holds once opened: the key and its certificate, then the others in file order. */
export interface OpenedPfx {
  readonly privateKeyPem: string;
  readonly certificatePems: readonly string[];
  /** Key, the key's certificate, then the others: what ClientCertificateCredential takes. */
  readonly pem: string;
}

/**
 * Opens a PFX with node-forge, the parser the provider uses (docs/decisions/pkcs12-parser.md), the way a client of
 * the emulator would: so the emulator's tests show that what the fixtures write is what a real client can sign with.
 */
export function openPfx(pfx: Buffer, password: string): OpenedPfx {
  const parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(pfx.toString("binary")), true, password);
  const bags = parsed.safeContents.flatMap((contents) => contents.safeBags);
  const keyBag = bags.find((bag) => bag.type === forge.pki.oids["pkcs8ShroudedKeyBag"]);
  if (keyBag === undefined) throw new Error("the PFX holds no shrouded key");
  const keyAsn1 = keyBag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keyBag.key)) : keyBag.asn1;
  const key = createPrivateKey({ key: Buffer.from(forge.asn1.toDer(keyAsn1).getBytes(), "binary"), format: "der", type: "pkcs8" });
  const certificates = bags
    .filter((bag) => bag.type === forge.pki.oids["certBag"])
    .map((bag) => new X509Certificate(Buffer.from(forge.asn1.toDer(bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1).getBytes(), "binary")));
  const ordered = [...certificates.filter((c) => c.checkPrivateKey(key)), ...certificates.filter((c) => !c.checkPrivateKey(key))];
  const privateKeyPem = key.export({ type: "pkcs8", format: "pem" }).toString();
  const certificatePems = ordered.map((certificate) => certificate.toString());
  return { privateKeyPem, certificatePems, pem: privateKeyPem + certificatePems.join("") };
}
