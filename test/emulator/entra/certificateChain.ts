/**
 * Subject name and issuer (SN+I) authentication: the certificate that signed an assertion is not registered on
 * the app; the assertion carries it and its issuers in the `x5c` header, and Entra trusts it because its subject is
 * one the app names and its chain leads to a CA the app names with it.
 */
import { createHash, X509Certificate } from "node:crypto";
import type { JwtHeader } from "../jwt/jsonWebToken";
import type { TrustedCertificateSubject } from "../types";
import { EntraRejection } from "./entraRejection";

function rejection(description: string): EntraRejection {
  return new EntraRejection(401, "invalid_client", 700027, description);
}

/** RDNs in order, case-insensitive: `CN=a, O=b` (how apps are configured) equals node's `CN=a\nO=b`. */
function normalizedName(name: string): string {
  return name
    .split(/\n|,(?=\s*[A-Za-z.0-9]+=)/)
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part.length > 0)
    .join(",");
}

/** The `x5c` certificates: base64 (not base64url) DER, the signing certificate first (RFC 7515 §4.1.6). */
function presentedChain(header: JwtHeader): X509Certificate[] {
  const x5c: unknown = header.x5c;
  if (!Array.isArray(x5c) || x5c.length === 0) {
    throw rejection(
      "The certificate with identifier used to sign the client assertion is not registered on application, and the " +
        "assertion carries no certificate chain (x5c) for subject name and issuer authentication.",
    );
  }
  try {
    return x5c.map((entry: unknown) => {
      if (typeof entry !== "string") throw new TypeError("x5c entry is not a string");
      return new X509Certificate(Buffer.from(entry, "base64"));
    });
  } catch {
    throw new EntraRejection(400, "invalid_request", 50027, "The x5c header of the client assertion is not a list of base64 DER certificates.");
  }
}

function thumbprintMatches(header: JwtHeader, certificate: X509Certificate): boolean {
  const bySha256 = header["x5t#S256"] !== undefined;
  const presented = header["x5t#S256"] ?? header.x5t;
  return presented === createHash(bySha256 ? "sha256" : "sha1").update(certificate.raw).digest("base64url");
}

/** True when the chain from `leaf` through `intermediates` ends in a certificate that `anchor` signed. */
function leadsTo(leaf: X509Certificate, intermediates: readonly X509Certificate[], anchor: X509Certificate): boolean {
  let current = leaf;
  for (let hop = 0; hop <= intermediates.length; hop++) {
    if (current.checkIssued(anchor) && current.verify(anchor.publicKey)) return true;
    const issuer = intermediates.find((candidate) => candidate !== current && current.checkIssued(candidate) && current.verify(candidate.publicKey));
    if (issuer === undefined) return false;
    current = issuer;
  }
  return false;
}

/**
 * The certificate that signed the assertion, when the app trusts it by subject name and issuer; otherwise throws
 * the EntraRejection Entra would answer (all AADSTS700027, the certificate-credential code; wording ours).
 */
export function trustedChainSigner(
  trusted: readonly TrustedCertificateSubject[],
  header: JwtHeader,
  now: number,
): X509Certificate {
  const [leaf, ...intermediates] = presentedChain(header) as [X509Certificate, ...X509Certificate[]];
  if (!thumbprintMatches(header, leaf)) {
    throw rejection("The thumbprint (x5t) of the client assertion is not that of the first certificate of its x5c chain.");
  }
  if (Date.parse(leaf.validFrom) > now || Date.parse(leaf.validTo) <= now) {
    throw rejection(`The certificate in the x5c chain is not valid at ${new Date(now).toISOString()}.`);
  }
  const subject = normalizedName(leaf.subject);
  const bySubject = trusted.filter((entry) => normalizedName(entry.subjectName) === subject);
  if (bySubject.length === 0) {
    throw rejection(`The subject '${leaf.subject.replace(/\n/g, ", ")}' of the x5c certificate is not a trusted subject of the application.`);
  }
  if (!bySubject.some((entry) => leadsTo(leaf, intermediates, new X509Certificate(entry.issuerCertificatePem)))) {
    throw rejection("The x5c certificate chain does not lead to the issuer the application trusts for its subject.");
  }
  return leaf;
}
