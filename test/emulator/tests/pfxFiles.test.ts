import { spawnSync } from "node:child_process";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { createSecureContext } from "node:tls";
import { beforeAll, describe, expect, it } from "vitest";
import { ClientCertificate, ClientCertificateIssuer, createPfx, PFX_ENCRYPTIONS, PfxEncryption } from "../index";
import { openPfx } from "./support/pfxReader";

// The algorithm identifiers each shape must carry, as DER (tag, length, arcs), written out here rather than
// computed by the fixture's own encoder.
const OID_DER = {
  pbes2: "06092a864886f70d01050d",
  hmacWithSha256: "06082a864886f70d0209",
  aes256Cbc: "060960864801650304012a",
  pbeSha1TripleDes: "060a2a864886f70d010c0103",
  pbeSha1Rc2Forty: "060a2a864886f70d010c0106",
  sha1: "06052b0e03021a",
  sha256: "0609608648016503040201",
} as const;

const PASSWORD = "pfx-password-7c1e";

/** OpenSSL (through node:tls) opening the file: an implementation that shares nothing with the fixture writer. */
function openSslOpens(pfx: Buffer, passphrase: string, legacyProvider = false): { ok: true } | { ok: false; error: string } {
  if (!legacyProvider) {
    try {
      createSecureContext({ pfx, passphrase });
      return { ok: true };
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
  }
  const script =
    "try{require('node:tls').createSecureContext({pfx:require('node:fs').readFileSync(0),passphrase:process.argv[1]});" +
    "process.stdout.write('ok')}catch(e){process.stdout.write(e.message)}";
  const child = spawnSync(process.execPath, ["--openssl-legacy-provider", "-e", script, passphrase], { input: pfx, encoding: "utf8", timeout: 30_000 });
  return child.stdout === "ok" ? { ok: true } : { ok: false, error: child.stdout || child.stderr };
}

describe("PFX fixtures written at test time", () => {
  let issuer: ClientCertificateIssuer;
  let client: ClientCertificate;
  const files = new Map<PfxEncryption, Buffer>();

  beforeAll(async () => {
    issuer = await ClientCertificateIssuer.create();
    client = await issuer.issue("CN=pfx-fixture.contoso.example");
    for (const encryption of PFX_ENCRYPTIONS) {
      files.set(encryption, createPfx(client, { password: PASSWORD, encryption }));
    }
  });

  it("writes the modern shape: PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC, and a SHA-256 MAC", () => {
    const hex = files.get("aes-256")!.toString("hex");
    for (const oid of [OID_DER.pbes2, OID_DER.hmacWithSha256, OID_DER.aes256Cbc, OID_DER.sha256]) expect(hex).toContain(oid);
    expect(hex).not.toContain(OID_DER.pbeSha1TripleDes);
    expect(openSslOpens(files.get("aes-256")!, PASSWORD)).toEqual({ ok: true });
  });

  it("writes the Windows TripleDES-SHA1 shape: 3DES for key and certificates, a SHA-1 MAC", () => {
    const hex = files.get("3des")!.toString("hex");
    expect(hex.split(OID_DER.pbeSha1TripleDes).length - 1).toBe(2);
    expect(hex).toContain(OID_DER.sha1);
    expect(hex).not.toContain(OID_DER.pbes2);
    expect(openSslOpens(files.get("3des")!, PASSWORD)).toEqual({ ok: true });
  });

  it("writes the OpenSSL 1.x shape: RC2-40 certificates that OpenSSL 3 opens only with its legacy provider", () => {
    const hex = files.get("rc2-40")!.toString("hex");
    expect(hex).toContain(OID_DER.pbeSha1Rc2Forty);
    expect(hex).toContain(OID_DER.pbeSha1TripleDes);
    const refused = openSslOpens(files.get("rc2-40")!, PASSWORD);
    expect(refused.ok).toBe(false);
    expect(openSslOpens(files.get("rc2-40")!, PASSWORD, true)).toEqual({ ok: true });
  });

  it.each(PFX_ENCRYPTIONS)("protects the %s file with its password: OpenSSL refuses another one", (encryption) => {
    const outcome = openSslOpens(files.get(encryption)!, "not-the-password", encryption === "rc2-40");
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? "" : outcome.error).toMatch(/mac verify failure/i);
  });

  it.each(PFX_ENCRYPTIONS)("holds the key, its certificate and the issuer in the %s file, as the provider reads it (node-forge)", (encryption) => {
    const opened = openPfx(files.get(encryption)!, PASSWORD);
    expect(createPrivateKey(opened.privateKeyPem).export({ type: "pkcs8", format: "der" })).toEqual(
      createPrivateKey(client.privateKeyPem).export({ type: "pkcs8", format: "der" }),
    );
    expect(opened.certificatePems.map((pem) => new X509Certificate(pem).fingerprint256)).toEqual([
      new X509Certificate(client.certificatePem).fingerprint256,
      new X509Certificate(issuer.certificatePem).fingerprint256,
    ]);
    expect(() => openPfx(files.get(encryption)!, "not-the-password")).toThrow("the PFX cannot be opened: the password is wrong");
  });

  it("writes a file exported without a password, which opens with the empty password", () => {
    const pfx = createPfx(client, { password: "" });
    expect(openSslOpens(pfx, "")).toEqual({ ok: true });
    expect(openPfx(pfx, "").certificatePems).toHaveLength(client.chainPems.length + 1);
  });

  it("never repeats a file: salts and IVs are fresh each time", () => {
    const again = createPfx(client, { password: PASSWORD, encryption: "aes-256" });
    expect(again.equals(files.get("aes-256")!)).toBe(false);
  });
});
