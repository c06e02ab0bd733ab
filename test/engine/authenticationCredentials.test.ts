import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClientCertificate, startEmulator, type ClientCertificate, type Emulator, type RegisteredApp } from "../emulator";
import { GUARD_ENVIRONMENT, isolateCredentialEnvironment } from "./fixtures/authEnvironment";
import { placesShown, placesWithJwt } from "./fixtures/authOutcome";
import { emulatorEndpointConfig } from "./harness/emulatorTenant";
import { EngineStack, type OperationRecord } from "./harness/engineStack";
import { findLeaks } from "./harness/leakScan";
import { installedPackage } from "./harness/toolchain";

// One stack whose credential changes kind at every step: each `up` starts a new provider process, which builds the
// credential its settings now describe. The emulator counts token requests by kind, so each step shows which
// credential Entra (or the managed-identity endpoint) actually saw.
const { SynchronizationSecrets } = installedPackage();

type TokenKind = keyof ReturnType<Emulator["counters"]>["tokenRequests"];

let restoreEnvironment: () => void;
let emulator: Emulator;
let engine: EngineStack;
let directory: string;
let certificate: ClientCertificate;
let certificateApp: RegisteredApp;
let federatedApp: RegisteredApp;
let principal: string;
let secretToken = "";
const writtenTokens: string[] = [];

function write(token: string): void {
  secretToken = token;
  writtenTokens.push(token);
}

function tokenRequests(): Record<TokenKind, number> {
  return { ...emulator.counters().tokenRequests };
}

/** Token requests since `before`, only the kinds that changed. */
function tokenRequestsSince(before: Record<TokenKind, number>): Partial<Record<TokenKind, number>> {
  const now = tokenRequests();
  const changed: Partial<Record<TokenKind, number>> = {};
  for (const kind of Object.keys(now) as TokenKind[]) {
    if (now[kind] !== before[kind]) {
      changed[kind] = now[kind] - before[kind];
    }
  }
  return changed;
}

function stepsOf(record: OperationRecord): string[] {
  return record.steps.filter((step) => step.name === "credentials").map((step) => step.op);
}

function environment(values: Record<string, string>, removed: readonly string[] = []): void {
  const envVars = engine.stack.workspace.envVars;
  for (const name of removed) {
    delete envVars[name];
  }
  Object.assign(envVars, values);
}

/** A GitHub Actions ID token, as a workflow step would fetch it and write it to a file. */
async function gitHubIdToken(): Promise<string> {
  const url = `${emulator.githubActions.requestUrl}&audience=${encodeURIComponent(emulator.federatedAudience)}`;
  const response = await fetch(url, { headers: { Authorization: `Bearer ${emulator.githubActions.requestToken}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { value: string }).value;
}

beforeAll(async () => {
  restoreEnvironment = isolateCredentialEnvironment();
  directory = mkdtempSync(path.join(os.tmpdir(), "graphsync-auth-"));
  [emulator, certificate] = await Promise.all([startEmulator(), createClientCertificate()]);
  certificateApp = emulator.registerApp({ certificatePem: certificate.certificatePem, roles: ["Synchronization.ReadWrite.All"] });
  federatedApp = emulator.registerApp({
    federatedCredentials: [{ issuer: emulator.githubActions.issuer, subject: emulator.githubActions.subject }],
    roles: ["Synchronization.ReadWrite.All"],
  });
  principal = emulator.createServicePrincipal();
  engine = await EngineStack.create({
    program: async () => {
      new SynchronizationSecrets("credentials", { servicePrincipalId: principal, credentials: { SecretToken: secretToken } });
    },
    config: { ...emulatorEndpointConfig(emulator), "graphsync:tenantId": { value: emulator.tenantId } },
    // The debug log too is scanned for secrets at the end.
    env: { ...GUARD_ENVIRONMENT, GRAPHSYNC_DEBUG: "1" },
  });
});

afterAll(async () => {
  await engine?.dispose();
  await emulator?.close();
  if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
  restoreEnvironment?.();
});

describe("each kind of credential through the engine", () => {
  it("signs in with a client certificate from graphsync:clientCertificatePath", async () => {
    const certificateFile = path.join(directory, "client-certificate.pem");
    writeFileSync(certificateFile, certificate.pem, { mode: 0o600 });
    await engine.stack.setAllConfig({
      "graphsync:clientId": { value: certificateApp.clientId },
      "graphsync:clientCertificatePath": { value: certificateFile },
    });
    write("written-with-a-certificate-7301");
    const before = tokenRequests();
    const up = await engine.up();
    expect(stepsOf(up)).toEqual(["create"]);
    expect(emulator.storedSecrets(principal)).toEqual({ SecretToken: "written-with-a-certificate-7301" });
    expect(tokenRequestsSince(before)).toEqual({ clientCertificate: 1 });
  });

  it("exchanges a GitHub Actions OIDC token requested from ACTIONS_ID_TOKEN_REQUEST_URL, with ARM_USE_OIDC", async () => {
    await engine.stack.removeConfig("graphsync:clientCertificatePath");
    await engine.stack.setConfig("graphsync:clientId", { value: federatedApp.clientId });
    // The emulator stands in for GitHub's token service on loopback, which only the opt-in allows.
    await engine.stack.setConfig("graphsync:allowNonCiOidcRequestUrl", { value: "true" });
    environment({
      ACTIONS_ID_TOKEN_REQUEST_URL: emulator.githubActions.requestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.githubActions.requestToken,
      ARM_USE_OIDC: "true",
    });
    write("written-with-github-actions-oidc-7302");
    const before = tokenRequests();
    const up = await engine.up();
    expect(stepsOf(up)).toEqual(["update"]);
    expect(emulator.storedSecrets(principal)).toEqual({ SecretToken: "written-with-github-actions-oidc-7302" });
    const since = tokenRequestsSince(before);
    expect(since.federatedAssertion).toBe(1);
    expect(since.githubActionsOidc).toBeGreaterThanOrEqual(1);
    expect(Object.keys(since).sort()).toEqual(["federatedAssertion", "githubActionsOidc"]);
    // Every run says where the request token went.
    const host = new URL(emulator.githubActions.requestUrl).host;
    expect(up.stdout).toContain(
      `warning: ACTIONS_ID_TOKEN_REQUEST_URL sends the OIDC request token to ${host}, not a CI system's host ` +
        "(graphsync:allowNonCiOidcRequestUrl is true)",
    );
  });

  it("exchanges the token in AZURE_FEDERATED_TOKEN_FILE without asking GitHub for one", async () => {
    const tokenFile = path.join(directory, "federated-token");
    writeFileSync(tokenFile, `${await gitHubIdToken()}\n`, { mode: 0o600 });
    environment({ AZURE_FEDERATED_TOKEN_FILE: tokenFile }, ["ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"]);
    write("written-with-a-token-file-7303");
    const before = tokenRequests();
    await engine.up();
    expect(emulator.storedSecrets(principal)).toEqual({ SecretToken: "written-with-a-token-file-7303" });
    expect(tokenRequestsSince(before)).toEqual({ federatedAssertion: 1 });
  });

  it("uses the App Service managed identity on loopback with graphsync:useMsi, and nothing else", async () => {
    const endpoint = new URL(emulator.managedIdentity.endpoint);
    // Never point a managed-identity credential anywhere but loopback.
    expect(endpoint.hostname).toBe("127.0.0.1");
    emulator.grantRoles(emulator.managedIdentity.clientId, ["Synchronization.ReadWrite.All"]);
    // No app settings left: the system-assigned identity signs in, not a user-assigned one named by clientId.
    await engine.stack.removeAllConfig(["graphsync:tenantId", "graphsync:clientId"]);
    await engine.stack.setConfig("graphsync:useMsi", { value: "true" });
    environment({ IDENTITY_ENDPOINT: endpoint.href, IDENTITY_HEADER: emulator.managedIdentity.identityHeader }, [
      "AZURE_FEDERATED_TOKEN_FILE",
      "ARM_USE_OIDC",
    ]);
    write("written-with-managed-identity-7304");
    emulator.reset();
    const before = tokenRequests();
    await engine.up();
    expect(emulator.storedSecrets(principal)).toEqual({ SecretToken: "written-with-managed-identity-7304" });
    expect(tokenRequestsSince(before)).toEqual({ managedIdentity: 1 });
    const identityRequests = emulator.requestLog().filter((entry) => entry.surface === "identity");
    expect(identityRequests.map((entry) => entry.path.split("?")[0])).toEqual(["/msi/token"]);
  });

  it("never shows a secret, a written value or a token", () => {
    const places = placesShown(engine);
    // The debug log really is among the places scanned.
    expect(Object.values(places).filter((text) => text.includes("graphsync: PUT /v1.0/servicePrincipals/")).length).toBeGreaterThan(0);
    const privateKeyLine = certificate.privateKeyPem.split("\n")[1] ?? "";
    expect(privateKeyLine.length).toBeGreaterThan(40);
    const secrets = [
      privateKeyLine,
      emulator.githubActions.requestToken,
      emulator.managedIdentity.identityHeader,
      ...writtenTokens,
    ];
    expect(findLeaks(places, secrets)).toEqual([]);
    expect(placesWithJwt(places)).toEqual([]);
  });
});
