import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type ClientCertificate, ClientCertificateIssuer, createPfx, type Emulator, PFX_ENCRYPTIONS, type RegisteredApp, startEmulator,
} from "../../emulator";
import { createAccessTokenSource } from "../../../provider/auth/tokenSource";
import { SettingsError } from "../../../provider/settings/lookup";
import { claimsOf, emulatorSettings, everythingShown, graphStatus, rejectionOf } from "./authHarness";

// Sign-in configured as @pulumi/azuread users configure it (issue #16): a PFX at clientCertificatePath with its
// password, a base64 PFX in clientCertificate, the chain sent for subject name and issuer trust, client id and secret
// mounted as files, and AKS workload identity; each through the settings, the real @azure/identity and the emulator.

const PASSWORD = "pfx-password-never-shown-5d2a";
const SUBJECT = "CN=graph-sync.contoso.example";

let emulator: Emulator;
let directory: string;
let issuer: ClientCertificateIssuer;
let client: ClientCertificate;
let byThumbprint: RegisteredApp;

beforeAll(async () => {
  [emulator, directory, issuer] = await Promise.all([startEmulator(), mkdtemp(join(tmpdir(), "pgs-azuread-")), ClientCertificateIssuer.create()]);
  client = await issuer.issue(SUBJECT);
  byThumbprint = emulator.registerApp({ certificatePem: client.certificatePem, roles: ["Synchronization.ReadWrite.All"] });
});

afterAll(async () => {
  await emulator.close();
  await rm(directory, { recursive: true, force: true });
});

beforeEach(() => {
  emulator.reset();
});

async function file(name: string, contents: string | Buffer): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, contents, { mode: 0o600 });
  return path;
}

describe("certificates as azuread takes them", () => {
  it.each(PFX_ENCRYPTIONS)("signs in with a %s PFX at azuread:clientCertificatePath and its password", async (encryption) => {
    const path = await file(`app-${encryption}.pfx`, createPfx(client, { password: PASSWORD, encryption }));
    const settings = emulatorSettings(emulator, {
      "azuread:tenantId": emulator.tenantId,
      "azuread:clientId": byThumbprint.clientId,
      "azuread:clientCertificatePath": path,
      "azuread:clientCertificatePassword": PASSWORD,
    });
    expect(settings.credential).toMatchObject({ kind: "clientCertificate", sources: { clientCertificate: "azuread:clientCertificatePath" } });
    const token = await createAccessTokenSource(settings).getAccessToken();
    expect(claimsOf(token)).toMatchObject({ appid: byThumbprint.clientId, appidacr: "2" });
    expect(await graphStatus(emulator, token, emulator.createServicePrincipal())).toBe(200);
  });

  it("signs in with a base64 PFX in ARM_CLIENT_CERTIFICATE and ARM_CLIENT_CERTIFICATE_PASSWORD", async () => {
    const settings = emulatorSettings(emulator, {}, {
      ARM_TENANT_ID: emulator.tenantId,
      ARM_CLIENT_ID: byThumbprint.clientId,
      ARM_CLIENT_CERTIFICATE: createPfx(client, { password: PASSWORD, encryption: "3des" }).toString("base64"),
      ARM_CLIENT_CERTIFICATE_PASSWORD: PASSWORD,
    });
    const token = await createAccessTokenSource(settings).getAccessToken();
    expect(claimsOf(token)).toMatchObject({ appid: byThumbprint.clientId });
    expect(emulator.counters().tokenRequests.clientCertificate).toBe(1);
  });

  it("reads a PFX exported without a password, with no password set", async () => {
    const settings = emulatorSettings(emulator, {}, {
      ARM_TENANT_ID: emulator.tenantId,
      ARM_CLIENT_ID: byThumbprint.clientId,
      ARM_CLIENT_CERTIFICATE_PATH: await file("no-password.pfx", createPfx(client, { password: "" })),
    });
    expect(claimsOf(await createAccessTokenSource(settings).getAccessToken())).toMatchObject({ appid: byThumbprint.clientId });
  });

  it("sends the chain with sendCertificateChain, so an app that trusts the subject and issuer signs in", async () => {
    const bySubject = emulator.registerApp({ trustedCertificateSubjects: [{ subjectName: SUBJECT, issuerCertificatePem: issuer.certificatePem }] });
    const config = {
      "azuread:tenantId": emulator.tenantId,
      "azuread:clientId": bySubject.clientId,
      "azuread:clientCertificatePath": await file("chain.pfx", createPfx(client, { password: PASSWORD })),
      "azuread:clientCertificatePassword": PASSWORD,
    };
    const withoutChain = await rejectionOf(createAccessTokenSource(emulatorSettings(emulator, config)).getAccessToken());
    expect(withoutChain).toMatchObject({ name: "AuthenticationFailedError", entraCode: "AADSTS700027" });
    const settings = emulatorSettings(emulator, { ...config, "graphsync:sendCertificateChain": "true" });
    expect(settings.credential).toMatchObject({ sendCertificateChain: true, sources: { sendCertificateChain: "graphsync:sendCertificateChain" } });
    expect(claimsOf(await createAccessTokenSource(settings).getAccessToken())).toMatchObject({ appid: bySubject.clientId });
  });

  it("fails at configure, naming the setting and not the password, when the PFX password is wrong", async () => {
    const path = await file("wrong-password.pfx", createPfx(client, { password: PASSWORD, encryption: "rc2-40" }));
    const failure = (() => {
      try {
        emulatorSettings(emulator, {}, { ARM_TENANT_ID: emulator.tenantId, ARM_CLIENT_ID: byThumbprint.clientId, ARM_CLIENT_CERTIFICATE_PATH: path, ARM_CLIENT_CERTIFICATE_PASSWORD: "not-it-9f1c" });
      } catch (error) {
        return error;
      }
      throw new Error("resolving the settings did not fail");
    })();
    expect(failure).toBeInstanceOf(SettingsError);
    expect((failure as SettingsError).message).toBe(
      "ARM_CLIENT_CERTIFICATE_PATH (setting clientCertificatePath): the PFX cannot be opened: the password is wrong " +
        "(password from ARM_CLIENT_CERTIFICATE_PASSWORD).",
    );
    expect((failure as SettingsError).keys).toEqual(["ARM_CLIENT_CERTIFICATE_PATH", "ARM_CLIENT_CERTIFICATE_PASSWORD"]);
    expect(everythingShown(failure)).not.toContain("not-it-9f1c");
    expect(emulator.counters().tokenRequests.clientCertificate).toBe(0);
  });

  it("fails at configure, naming the setting, when the certificate file cannot be read", () => {
    expect(() =>
      emulatorSettings(emulator, { "azuread:clientCertificatePath": join(directory, "missing.pfx") }, { ARM_TENANT_ID: emulator.tenantId, ARM_CLIENT_ID: byThumbprint.clientId }),
    ).toThrow("azuread:clientCertificatePath (setting clientCertificatePath) names a file that cannot be read (ENOENT).");
  });
});

describe("client id and secret mounted as files", () => {
  it("signs in with ARM_CLIENT_ID_FILE_PATH and ARM_CLIENT_SECRET_FILE_PATH, trimmed", async () => {
    const app = emulator.registerApp({ roles: ["Synchronization.ReadWrite.All"] });
    const settings = emulatorSettings(emulator, {}, {
      ARM_TENANT_ID: emulator.tenantId,
      ARM_CLIENT_ID_FILE_PATH: await file("client-id", `${app.clientId}\n`),
      ARM_CLIENT_SECRET_FILE_PATH: await file("client-secret", `${app.clientSecret ?? ""}\n`),
    });
    expect(settings.credential).toMatchObject({
      kind: "clientSecret",
      clientId: app.clientId,
      sources: { clientId: "ARM_CLIENT_ID_FILE_PATH (file)", clientSecret: "ARM_CLIENT_SECRET_FILE_PATH (file)" },
    });
    expect(claimsOf(await createAccessTokenSource(settings).getAccessToken())).toMatchObject({ appid: app.clientId, appidacr: "1" });
  });

  it("refuses a file that disagrees with the value set at the same level, without showing either", async () => {
    const path = await file("other-secret", "another-secret-3e1b");
    expect(() =>
      emulatorSettings(emulator, {}, { ARM_TENANT_ID: emulator.tenantId, ARM_CLIENT_ID: unknownClientId(), ARM_CLIENT_SECRET: "first-secret-77a0", ARM_CLIENT_SECRET_FILE_PATH: path }),
    ).toThrow("The file ARM_CLIENT_SECRET_FILE_PATH (setting clientSecretFilePath) names and ARM_CLIENT_SECRET disagree: remove one, or make them match.");
  });

  it("lets graphsync: config win over a file named in the environment, as every setting does", async () => {
    const app = emulator.registerApp();
    const settings = emulatorSettings(emulator, { "graphsync:clientSecret": app.clientSecret ?? "" }, {
      ARM_TENANT_ID: emulator.tenantId,
      ARM_CLIENT_ID: app.clientId,
      ARM_CLIENT_SECRET_FILE_PATH: join(directory, "never-read"),
    });
    expect(settings.credential).toMatchObject({ kind: "clientSecret", sources: { clientSecret: "graphsync:clientSecret" } });
  });
});

describe("AKS workload identity", () => {
  async function aksEnvironment(app: RegisteredApp): Promise<Record<string, string>> {
    const response = await fetch(`${emulator.githubActions.requestUrl}&audience=${encodeURIComponent(emulator.federatedAudience)}`, {
      headers: { Authorization: `Bearer ${emulator.githubActions.requestToken}` },
    });
    const { value } = (await response.json()) as { value: string };
    // What the AKS webhook injects into a labelled pod: the app, the tenant, a projected token file and the authority.
    return {
      AZURE_TENANT_ID: emulator.tenantId,
      AZURE_CLIENT_ID: app.clientId,
      AZURE_FEDERATED_TOKEN_FILE: await file(`aks-token-${app.clientId}`, value),
      AZURE_AUTHORITY_HOST: `${emulator.authorityHost}/`,
      ARM_USE_AKS_WORKLOAD_IDENTITY: "true",
    };
  }

  it("signs in with what AKS injects once ARM_USE_AKS_WORKLOAD_IDENTITY is true", async () => {
    const app = emulator.registerApp({
      federatedCredentials: [{ issuer: emulator.githubActions.issuer, subject: emulator.githubActions.subject }],
      roles: ["Synchronization.ReadWrite.All"],
    });
    const settings = emulatorSettings(emulator, {}, await aksEnvironment(app));
    expect(settings.credential).toMatchObject({
      kind: "oidcTokenFile",
      sources: { tenantId: "AZURE_TENANT_ID", clientId: "AZURE_CLIENT_ID", oidcTokenFilePath: "AZURE_FEDERATED_TOKEN_FILE" },
    });
    expect(claimsOf(await createAccessTokenSource(settings).getAccessToken())).toMatchObject({ appid: app.clientId });
    expect(emulator.counters().tokenRequests.federatedAssertion).toBe(1);
  });

  it("refuses another client id than the one AKS injected, and demands the token file", async () => {
    const app = emulator.registerApp();
    const environment = await aksEnvironment(app);
    expect(() => emulatorSettings(emulator, { "azuread:clientId": unknownClientId() }, environment)).toThrow(
      "azuread:clientId (setting clientId) disagrees with AZURE_CLIENT_ID, which AKS workload identity sets: remove it, or turn useAksWorkloadIdentity off.",
    );
    const { AZURE_FEDERATED_TOKEN_FILE: _omitted, ...withoutFile } = environment;
    const plan = emulatorSettings(emulator, {}, withoutFile).credential;
    expect(plan).toMatchObject({ kind: "unavailable", demandedBy: "useAksWorkloadIdentity" });
  });
});

/** A client id that no app holds. */
function unknownClientId(): string {
  return "4c0c6b3e-2f5d-4c1a-9a51-0b1e7f3d5a21";
}
