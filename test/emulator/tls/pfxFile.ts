/**
 * PKCS #12 (PFX) files written at test time, in the three shapes users bring (see docs/decisions/pkcs12-parser.md),
 * so no key material is ever committed. Built by hand on node:crypto and a small DER writer (RFC 7292), sharing no
 * code with the library that reads them; OpenSSL (through node:tls) is the second, independent reader in the tests.
 */
import { spawnSync } from "node:child_process";
import { createCipheriv, createHash, createHmac, createPrivateKey, pbkdf2Sync, randomBytes, X509Certificate } from "node:crypto";
import {
  bmpString, Der, explicit, implicitOctets, integer, nullValue, objectIdentifier, octetString, sequence, set,
} from "./der";

/**
 * How the file is protected:
 * - `aes-256`: OpenSSL 3's default and Windows' AES256-SHA256 export: PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) for
 *   the key and the certificates, HMAC-SHA256 MAC;
 * - `3des`: Windows' TripleDES-SHA1 export: pbeWithSHAAnd3-KeyTripleDES-CBC for both, HMAC-SHA1 MAC;
 * - `rc2-40`: OpenSSL 1.x's default (`openssl pkcs12 -legacy` today): certificates under
 *   pbeWithSHAAnd40BitRC2-CBC, the key under 3DES, HMAC-SHA1 MAC.
 */
export type PfxEncryption = "aes-256" | "3des" | "rc2-40";

/** Every shape, for tests that run once per shape. */
export const PFX_ENCRYPTIONS: readonly PfxEncryption[] = ["aes-256", "3des", "rc2-40"];

/** What goes into the file. */
export interface PfxContents {
  /** The private key, PKCS #8 PEM. */
  readonly privateKeyPem: string;
  /** The certificate of that key, PEM. */
  readonly certificatePem: string;
  /** Issuer certificates to include after it (PEM each), as a chain-carrying export does. */
  readonly chainPems?: readonly string[];
}

/** How to write it. */
export interface PfxOptions {
  /** The password (`""` for a file exported without one: OpenSSL and Windows then use the empty password). */
  readonly password: string;
  /** Default `aes-256`. */
  readonly encryption?: PfxEncryption;
  /** Iteration count of the key derivations and the MAC. Default 2048, OpenSSL's. */
  readonly iterations?: number;
  /** A friendlyName attribute on the key and its certificate, as Windows exports carry. */
  readonly friendlyName?: string;
}

const OID = {
  data: "1.2.840.113549.1.7.1",
  encryptedData: "1.2.840.113549.1.7.6",
  keyBag: "1.2.840.113549.1.12.10.1.2",
  certBag: "1.2.840.113549.1.12.10.1.3",
  x509Certificate: "1.2.840.113549.1.9.22.1",
  localKeyId: "1.2.840.113549.1.9.21",
  friendlyName: "1.2.840.113549.1.9.20",
  pbes2: "1.2.840.113549.1.5.13",
  pbkdf2: "1.2.840.113549.1.5.12",
  hmacWithSha256: "1.2.840.113549.2.9",
  aes256Cbc: "2.16.840.1.101.3.4.1.42",
  pbeSha1TripleDes: "1.2.840.113549.1.12.1.3",
  pbeSha1Rc2Forty: "1.2.840.113549.1.12.1.6",
  sha1: "1.3.14.3.2.26",
  sha256: "2.16.840.1.101.3.4.2.1",
} as const;

/** The password as PKCS #12's legacy algorithms take it: BMPString with a two-byte terminator. */
function bmpPassword(password: string): Buffer {
  return Buffer.concat([Buffer.from(password, "utf16le").swap16(), Buffer.alloc(2)]);
}

function repeatTo(bytes: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let offset = 0; bytes.length > 0 && offset < length; offset += bytes.length) bytes.copy(out, offset);
  return out;
}

/** RFC 7292 appendix B.2: the PKCS #12 key derivation (id 1 key, 2 IV, 3 MAC key). */
export function pkcs12Kdf(hash: "sha1" | "sha256", password: Buffer, salt: Buffer, id: 1 | 2 | 3, iterations: number, length: number): Buffer {
  const blockSize = 64;
  const digestSize = hash === "sha1" ? 20 : 32;
  const diversifier = Buffer.alloc(blockSize, id);
  const input = Buffer.concat([
    repeatTo(salt, blockSize * Math.ceil(salt.length / blockSize)),
    repeatTo(password, blockSize * Math.ceil(password.length / blockSize)),
  ]);
  const blocks: Buffer[] = [];
  for (let produced = 0; produced < length; produced += digestSize) {
    let digest = createHash(hash).update(diversifier).update(input).digest();
    for (let round = 1; round < iterations; round++) digest = createHash(hash).update(digest).digest();
    blocks.push(digest);
    const addend = repeatTo(digest, blockSize);
    for (let start = 0; start < input.length; start += blockSize) {
      let carry = 1;
      for (let index = blockSize - 1; index >= 0; index--) {
        const sum = (input[start + index] as number) + (addend[index] as number) + carry;
        input[start + index] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/**
 * RC2 lives in OpenSSL 3's legacy provider, which a Node.js process loads only when started with
 * `--openssl-legacy-provider`; so the one RC2 encryption runs in a child Node.js that has it.
 */
function encryptRc2Forty(key: Buffer, iv: Buffer, plaintext: Buffer): Buffer {
  const script =
    "const c=require('node:crypto');const i=JSON.parse(require('node:fs').readFileSync(0,'utf8'));" +
    "const x=c.createCipheriv('rc2-40-cbc',Buffer.from(i.k,'hex'),Buffer.from(i.v,'hex'));" +
    "process.stdout.write(Buffer.concat([x.update(Buffer.from(i.p,'hex')),x.final()]).toString('hex'));";
  const child = spawnSync(process.execPath, ["--openssl-legacy-provider", "-e", script], {
    input: JSON.stringify({ k: key.toString("hex"), v: iv.toString("hex"), p: plaintext.toString("hex") }),
    encoding: "utf8",
    timeout: 30_000,
  });
  if (child.status !== 0) throw new Error(`RC2 encryption in a child Node.js failed: ${child.stderr || child.error?.message}`);
  return Buffer.from(child.stdout, "hex");
}

/** Encrypts with one PBE scheme; returns the AlgorithmIdentifier and the ciphertext. */
function encrypt(scheme: "pbes2-aes-256" | "pbe-3des" | "pbe-rc2-40", password: string, iterations: number, plaintext: Buffer) {
  const salt = randomBytes(8);
  if (scheme === "pbes2-aes-256") {
    const iv = randomBytes(16);
    const key = pbkdf2Sync(Buffer.from(password, "utf8"), salt, iterations, 32, "sha256");
    const cipher = createCipheriv("aes-256-cbc", key, iv);
    const algorithm = sequence(
      objectIdentifier(OID.pbes2),
      sequence(
        sequence(
          objectIdentifier(OID.pbkdf2),
          sequence(octetString(salt), integer(iterations), sequence(objectIdentifier(OID.hmacWithSha256), nullValue())),
        ),
        sequence(objectIdentifier(OID.aes256Cbc), octetString(iv)),
      ),
    );
    return { algorithm, ciphertext: Buffer.concat([cipher.update(plaintext), cipher.final()]) };
  }
  const bmp = bmpPassword(password);
  const iv = pkcs12Kdf("sha1", bmp, salt, 2, iterations, 8);
  const algorithm = sequence(
    objectIdentifier(scheme === "pbe-3des" ? OID.pbeSha1TripleDes : OID.pbeSha1Rc2Forty),
    sequence(octetString(salt), integer(iterations)),
  );
  if (scheme === "pbe-rc2-40") {
    return { algorithm, ciphertext: encryptRc2Forty(pkcs12Kdf("sha1", bmp, salt, 1, iterations, 5), iv, plaintext) };
  }
  const cipher = createCipheriv("des-ede3-cbc", pkcs12Kdf("sha1", bmp, salt, 1, iterations, 24), iv);
  return { algorithm, ciphertext: Buffer.concat([cipher.update(plaintext), cipher.final()]) };
}

function attributes(localKeyId: Buffer | undefined, friendlyName: string | undefined): Der[] {
  const list: Der[] = [];
  if (friendlyName !== undefined) list.push(sequence(objectIdentifier(OID.friendlyName), set(bmpString(friendlyName))));
  if (localKeyId !== undefined) list.push(sequence(objectIdentifier(OID.localKeyId), set(octetString(localKeyId))));
  return list.length === 0 ? [] : [set(...list)];
}

function derOfCertificate(pem: string): Buffer {
  return Buffer.from(new X509Certificate(pem).raw);
}

/** Writes a PFX file holding the key, its certificate and any chain, protected as `options.encryption` says. */
export function createPfx(contents: PfxContents, options: PfxOptions): Buffer {
  const encryption = options.encryption ?? "aes-256";
  const iterations = options.iterations ?? 2048;
  const leaf = derOfCertificate(contents.certificatePem);
  // OpenSSL's choice: the leaf's SHA-1 ties the key to its certificate.
  const localKeyId = createHash("sha1").update(leaf).digest();
  const certificateBags = [leaf, ...(contents.chainPems ?? []).map(derOfCertificate)].map((der, index) =>
    sequence(
      objectIdentifier(OID.certBag),
      explicit(0, sequence(objectIdentifier(OID.x509Certificate), explicit(0, octetString(der)))),
      ...(index === 0 ? attributes(localKeyId, options.friendlyName) : []),
    ),
  );
  const keyDer = createPrivateKey(contents.privateKeyPem).export({ type: "pkcs8", format: "der" });
  const keyScheme = encryption === "aes-256" ? "pbes2-aes-256" : "pbe-3des";
  const certificateScheme = encryption === "aes-256" ? "pbes2-aes-256" : encryption === "3des" ? "pbe-3des" : "pbe-rc2-40";
  const shroudedKey = encrypt(keyScheme, options.password, iterations, keyDer);
  const keyBag = sequence(
    objectIdentifier(OID.keyBag),
    explicit(0, sequence(shroudedKey.algorithm, octetString(shroudedKey.ciphertext))),
    ...attributes(localKeyId, options.friendlyName),
  );
  const encryptedCertificates = encrypt(certificateScheme, options.password, iterations, sequence(...certificateBags));
  const authenticatedSafe = sequence(
    sequence(
      objectIdentifier(OID.encryptedData),
      explicit(
        0,
        sequence(
          integer(0),
          sequence(objectIdentifier(OID.data), encryptedCertificates.algorithm, implicitOctets(0, encryptedCertificates.ciphertext)),
        ),
      ),
    ),
    sequence(objectIdentifier(OID.data), explicit(0, octetString(sequence(keyBag)))),
  );
  const macHash = encryption === "aes-256" ? "sha256" : "sha1";
  const macSalt = randomBytes(8);
  const macPassword = bmpPassword(options.password);
  const macKey = pkcs12Kdf(macHash, macPassword, macSalt, 3, iterations, macHash === "sha1" ? 20 : 32);
  const mac = createHmac(macHash, macKey).update(authenticatedSafe).digest();
  return sequence(
    integer(3),
    sequence(objectIdentifier(OID.data), explicit(0, octetString(authenticatedSafe))),
    sequence(
      sequence(sequence(objectIdentifier(macHash === "sha1" ? OID.sha1 : OID.sha256), nullValue()), octetString(mac)),
      octetString(macSalt),
      integer(iterations),
    ),
  );
}
