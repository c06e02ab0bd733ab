import { createPrivateKey, randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { type ClientCertificate, createClientCertificate, type Emulator, startEmulator } from "../../emulator";
import { createAccessTokenSource } from "../../../provider/auth/tokenSource";
import { SettingsError } from "../../../provider/settings/lookup";
import { claimsOf, emulatorSettings, everythingShown, graphStatus, rejectionOf } from "./authHarness";

let emulator: Emulator;
let directory: string;
let certificate: ClientCertificate;

beforeAll(async () => {
  [emulator, directory, certificate] = await Promise.all([
    startEmulator({ cloud: "china" }),
    mkdtemp(join(tmpdir(), "pgs-auth-cert-")),
    createClientCertificate(),
  ]);
});

afterAll(async () => {
  await emulator.close();
  await rm(directory, { recursive: true, force: true });
});

beforeEach(() => {
  emulator.reset();
});

async function pemFile(name: string, contents: string): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, contents, { mode: 0o600 });
  return path;
}

describe("client certificate against the emulator", () => {
  it("signs in with a PEM file holding the key and the certificate", async () => {
    const app = emulator.registerApp({ certificatePem: certificate.certificatePem, roles: ["Synchronization.ReadWrite.All"] });
    const servicePrincipalId = emulator.createServicePrincipal();
    const settings = emulatorSettings(emulator, {}, {
      ARM_TENANT_ID: emulator.tenantId,
      ARM_CLIENT_ID: app.clientId,
      ARM_CLIENT_CERTIFICATE_PATH: await pemFile("app.pem", certificate.pem),
    });
    expect(settings.credential.kind).toBe("clientCertificate");

    const token = await createAccessTokenSource(settings).getAccessToken();

    expect(claimsOf(token)).toMatchObject({ aud: "https://microsoftgraph.chinacloudapi.cn", appid: app.clientId });
    expect(await graphStatus(emulator, token, servicePrincipalId)).toBe(200);
    expect(emulator.counters().tokenRequests.clientCertificate).toBe(1);
  });

  it("decrypts an encrypted private key with clientCertificatePassword", async () => {
    const app = emulator.registerApp({ certificatePem: certificate.certificatePem });
    const passphrase = "pem-passphrase-not-to-leak";
    const encryptedKey = createPrivateKey(certificate.privateKeyPem)
      .export({ format: "pem", type: "pkcs8", cipher: "aes-256-cbc", passphrase })
      .toString();
    const settings = emulatorSettings(emulator, {
      "azuread:tenantId": emulator.tenantId,
      "azuread:clientId": app.clientId,
      "azuread:clientCertificatePath": await pemFile("encrypted.pem", encryptedKey + certificate.certificatePem),
      "azuread:clientCertificatePassword": passphrase,
    });

    const token = await createAccessTokenSource(settings).getAccessToken();

    expect(claimsOf(token).appid).toBe(app.clientId);
  });

  it("explains a certificate the application does not hold with AADSTS700027", async () => {
    const app = emulator.registerApp({ certificatePem: certificate.certificatePem });
    const stranger = await createClientCertificate("CN=not registered");
    const failure = await rejectionOf(
      createAccessTokenSource(
        emulatorSettings(emulator, {}, {
          AZURE_TENANT_ID: emulator.tenantId,
          AZURE_CLIENT_ID: app.clientId,
          AZURE_CLIENT_CERTIFICATE_PATH: await pemFile("stranger.pem", stranger.pem),
        }),
      ).getAccessToken(),
    );
    expect(failure).toMatchObject({ name: "AuthenticationFailedError", credential: "clientCertificate", entraCode: "AADSTS700027" });
    expect(failure.message).toContain("upload the certificate's public part to the app registration");
    expect(everythingShown(failure)).not.toContain(stranger.privateKeyPem.split("\n")[1] ?? "unreachable");
  });

  it("refuses at configure a file that is neither PFX nor PEM, naming the setting", async () => {
    const file = await pemFile("app.pfx", "\u0030\u0082binary pkcs12 stand-in");
    const resolve = () =>
      emulatorSettings(emulator, {}, { ARM_TENANT_ID: emulator.tenantId, ARM_CLIENT_ID: randomUUID(), ARM_CLIENT_CERTIFICATE_PATH: file });
    expect(resolve).toThrow(SettingsError);
    expect(resolve).toThrow(
      "ARM_CLIENT_CERTIFICATE_PATH (setting clientCertificatePath): the PFX cannot be opened: it is neither PEM nor a PKCS #12 (PFX) " +
        "file that can be read (no clientCertificatePassword is set).",
    );
    expect(emulator.counters().tokenRequests.clientCertificate).toBe(0);
  });
});
