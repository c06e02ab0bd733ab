import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClientCertificate, ClientCertificateIssuer, createPfx, type EmulatorCounters, type RegisteredApp } from "../emulator";
import { cliLeakPlaces } from "./harness/cli/cliLeakPlaces";
import { CliStack } from "./harness/cli/cliStack";
import { ProjectFolder } from "./harness/cli/projectFolder";
import { emulatorEndpointConfig, startEmulatorTenant, type EmulatorTenant } from "./harness/emulatorTenant";
import { findLeaks } from "./harness/leakScan";

// A stack configured exactly as @pulumi/azuread's guides configure one signs in and writes secrets through the plain
// `pulumi` CLI (issue #16): a PFX at clientCertificatePath with its password (modern, in azuread: config; legacy, in
// ARM_* variables), a base64 PFX in clientCertificate, a client secret mounted as a file, AKS workload identity as its
// webhook sets up a pod; a wrong PFX password fails the preview, naming the setting and nothing secret.

const PROJECT = "graphsync-azuread-signin";
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { SynchronizationSecrets } from "pulumi-graph-sync";

const config = new pulumi.Config();
const secrets = new SynchronizationSecrets("scim", {
  servicePrincipalId: config.require("servicePrincipalId"),
  credentials: { BaseAddress: "https://scim.azuread-signin.example/v2", SecretToken: config.requireSecret("scimToken") },
});

export const keys = secrets.keys;
`;

const unique = (label: string): string => `${label}-${randomBytes(9).toString("hex")}`;
const PFX_PASSWORD = unique("pfx-password");
const SCIM_TOKEN = unique("scim-token");

let tenant: EmulatorTenant;
let project: ProjectFolder;
let directory: string;
let client: ClientCertificate;
let certificateApp: RegisteredApp;
const stacks: CliStack[] = [];
/** Every secret value a stack was given, for the leak scan. */
const secrets: string[] = [PFX_PASSWORD, SCIM_TOKEN];

function file(name: string, contents: string | Buffer): string {
  const target = path.join(directory, name);
  writeFileSync(target, contents, { mode: 0o600 });
  return target;
}

/** A stack of the project for one sign-in: the emulator's endpoints, the scenario's config, env vars for the CLI. */
async function stackFor(
  name: string,
  config: Record<string, string | { secret: string }>,
  env: Record<string, string> = {},
  leaveOut: readonly string[] = [],
) {
  const stack = await CliStack.init({ project, stackName: name, env });
  stacks.push(stack);
  const principal = tenant.emulator.createServicePrincipal();
  const endpoints = Object.entries(emulatorEndpointConfig(tenant.emulator))
    .filter(([key]) => !leaveOut.includes(key))
    .map(([key, entry]) => [key, entry.value] as const);
  const settings = { ...Object.fromEntries(endpoints), ...config, [`${PROJECT}:servicePrincipalId`]: principal, [`${PROJECT}:scimToken`]: { secret: SCIM_TOKEN } };
  for (const [key, value] of Object.entries(settings)) {
    if (typeof value === "string") await stack.configSet(key, value);
    else await stack.configSet(key, value.secret, { secret: true });
  }
  return { stack, principal };
}

function tokenRequests(): EmulatorCounters["tokenRequests"] {
  return tenant.emulator.counters().tokenRequests;
}

beforeAll(async () => {
  tenant = await startEmulatorTenant();
  const issuer = await ClientCertificateIssuer.create();
  client = await issuer.issue("CN=graph-sync.azuread-signin.example");
  certificateApp = tenant.emulator.registerApp({ certificatePem: client.certificatePem, roles: ["Synchronization.ReadWrite.All"] });
  directory = mkdtempSync(path.join(os.tmpdir(), "graphsync-azuread-"));
  project = ProjectFolder.fromProgram({ name: PROJECT, program: PROGRAM });
});

afterAll(async () => {
  for (const stack of stacks) stack.dispose();
  project?.dispose();
  if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
  await tenant?.emulator.close();
});

describe("sign-in configured as @pulumi/azuread users write it, through the plain CLI", () => {
  it("signs in with a modern (AES-256) PFX at azuread:clientCertificatePath and azuread:clientCertificatePassword", async () => {
    const { stack, principal } = await stackFor("modern-pfx", {
      "azuread:tenantId": tenant.emulator.tenantId,
      "azuread:clientId": certificateApp.clientId,
      "azuread:clientCertificatePath": file("modern.pfx", createPfx(client, { password: PFX_PASSWORD, encryption: "aes-256" })),
      "azuread:clientCertificatePassword": { secret: PFX_PASSWORD },
    });
    tenant.emulator.reset();
    const up = await stack.up();
    expect(up.outcome.changes).toEqual({ create: 2 });
    expect(tenant.emulator.storedSecrets(principal)).toMatchObject({ SecretToken: SCIM_TOKEN });
    expect(tokenRequests().clientCertificate).toBe(1);
  });

  it("signs in with a legacy (3DES key, RC2-40 certificates) PFX from ARM_CLIENT_CERTIFICATE_PATH and its password", async () => {
    const { stack, principal } = await stackFor("legacy-pfx", {}, {
      ARM_TENANT_ID: tenant.emulator.tenantId,
      ARM_CLIENT_ID: certificateApp.clientId,
      ARM_CLIENT_CERTIFICATE_PATH: file("legacy.pfx", createPfx(client, { password: PFX_PASSWORD, encryption: "rc2-40" })),
      ARM_CLIENT_CERTIFICATE_PASSWORD: PFX_PASSWORD,
    });
    tenant.emulator.reset();
    await stack.up();
    expect(tenant.emulator.storedSecrets(principal)).toMatchObject({ SecretToken: SCIM_TOKEN });
    expect(tokenRequests().clientCertificate).toBe(1);
  });

  it("signs in with a base64 PFX in azuread:clientCertificate", async () => {
    const base64 = createPfx(client, { password: PFX_PASSWORD, encryption: "3des" }).toString("base64");
    secrets.push(base64);
    const { stack, principal } = await stackFor("base64-pfx", {
      "azuread:tenantId": tenant.emulator.tenantId,
      "azuread:clientId": certificateApp.clientId,
      "azuread:clientCertificate": { secret: base64 },
      "azuread:clientCertificatePassword": { secret: PFX_PASSWORD },
    });
    tenant.emulator.reset();
    await stack.up();
    expect(tenant.emulator.storedSecrets(principal)).toMatchObject({ SecretToken: SCIM_TOKEN });
    expect(tokenRequests().clientCertificate).toBe(1);
  });

  it("signs in with the client secret mounted as a file (ARM_CLIENT_SECRET_FILE_PATH)", async () => {
    secrets.push(tenant.clientSecret);
    const { stack, principal } = await stackFor("secret-file", {}, {
      ARM_TENANT_ID: tenant.emulator.tenantId,
      ARM_CLIENT_ID: tenant.app.clientId,
      ARM_CLIENT_SECRET_FILE_PATH: file("client-secret", `${tenant.clientSecret}\n`),
    });
    tenant.emulator.reset();
    await stack.up();
    expect(tenant.emulator.storedSecrets(principal)).toMatchObject({ SecretToken: SCIM_TOKEN });
    expect(tokenRequests().clientSecret).toBe(1);
  });

  it("signs in as AKS workload identity sets up a pod: ARM_USE_AKS_WORKLOAD_IDENTITY and the injected variables", async () => {
    const app = tenant.emulator.registerApp({
      federatedCredentials: [{ issuer: tenant.emulator.githubActions.issuer, subject: tenant.emulator.githubActions.subject }],
      roles: ["Synchronization.ReadWrite.All"],
    });
    const response = await fetch(`${tenant.emulator.githubActions.requestUrl}&audience=${encodeURIComponent(tenant.emulator.federatedAudience)}`, {
      headers: { Authorization: `Bearer ${tenant.emulator.githubActions.requestToken}` },
    });
    const projected = ((await response.json()) as { value: string }).value;
    secrets.push(projected);
    // The authority comes from AZURE_AUTHORITY_HOST, as the webhook injects it: only the cloud and Graph are config.
    const aks = {
      ARM_USE_AKS_WORKLOAD_IDENTITY: "true",
      AZURE_TENANT_ID: tenant.emulator.tenantId,
      AZURE_CLIENT_ID: app.clientId,
      AZURE_FEDERATED_TOKEN_FILE: file("azure-identity-token", projected),
      AZURE_AUTHORITY_HOST: `${tenant.emulator.authorityHost}/`,
    };
    const { stack, principal } = await stackFor("aks", {}, aks, ["graphsync:authorityHost"]);
    tenant.emulator.reset();
    await stack.up();
    expect(tenant.emulator.storedSecrets(principal)).toMatchObject({ SecretToken: SCIM_TOKEN });
    expect(tokenRequests().federatedAssertion).toBe(1);
  });

  it("fails the preview with a wrong PFX password, naming the setting, before any token request", async () => {
    const wrong = unique("wrong-password");
    secrets.push(wrong);
    const { stack } = await stackFor("wrong-password", {
      "azuread:tenantId": tenant.emulator.tenantId,
      "azuread:clientId": certificateApp.clientId,
      "azuread:clientCertificatePath": file("wrong.pfx", createPfx(client, { password: PFX_PASSWORD })),
      "azuread:clientCertificatePassword": { secret: wrong },
    });
    tenant.emulator.reset();
    const preview = await stack.preview({ expectFailure: true });
    const errors = preview.outcome.diagnostics.map((diagnostic) => diagnostic.message).join("\n");
    expect(errors).toContain(
      "azuread:clientCertificatePath (setting clientCertificatePath): the PFX cannot be opened: the password is wrong " +
        "(password from azuread:clientCertificatePassword).",
    );
    expect(Object.values(tokenRequests()).reduce((sum, count) => sum + count, 0)).toBe(0);
  });

  it("shows no password, certificate, secret or token in any output, --json, -v=9 log or state file", () => {
    expect(stacks.length).toBe(6);
    const places = Object.fromEntries(
      stacks.flatMap((stack) => Object.entries(cliLeakPlaces(stack)).map(([place, text]) => [`stack ${stack.stackName}, ${place}`, text])),
    );
    expect(findLeaks(places, secrets)).toEqual([]);
    // Not blind: the plain base address the program declares is found (in the up's --json output, for one).
    expect(findLeaks(places, ["https://scim.azuread-signin.example/v2"]).length).toBeGreaterThan(0);
  });
});
