import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliLeakPlaces } from "./harness/cli/cliLeakPlaces";
import { CliStack } from "./harness/cli/cliStack";
import { ProjectFolder } from "./harness/cli/projectFolder";
import { emulatorEndpointConfig, startEmulatorTenant, type EmulatorTenant } from "./harness/emulatorTenant";
import { findLeaks } from "./harness/leakScan";
import { REPO_ROOT } from "./harness/toolchain";

// The resource's whole life once more, in a project whose program uses the oldest @pulumi/pulumi this package
// supports (docs/decisions/sdk-floor.md): its node_modules is the one scripts/toolchain.sh keeps in the cache
// (PGS_FLOOR_SDK_MODULES: that SDK, TypeScript 5, the packed package), driven by the pinned CLI through the plain
// `pulumi` commands. The program's dynamic provider runs that SDK's dynamic-provider host, so `configure`, the
// serialized shim and refresh are the old SDK's.

const PROJECT = "graphsync-sdk-floor";
const unique = (label: string): string => `${label}-${randomBytes(9).toString("hex")}`;
const TOKEN = unique("floor-scim-token");
const DRIFTED_BASE_ADDRESS = `https://${unique("drifted")}.example/scim`;
const BASE_ADDRESS = "https://scim.floor.example/v2";
const NOTIFICATIONS = { Enabled: true, Recipients: "floor@contoso.example" };

/** The floor the package declares: the lowest version its `@pulumi/pulumi` range admits. */
function declaredFloor(): string {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  const range = manifest.dependencies["@pulumi/pulumi"] ?? "";
  const floor = /^\^(\d+\.\d+\.\d+)$/.exec(range)?.[1];
  if (floor === undefined) throw new Error(`package.json's @pulumi/pulumi range ${range} is not a caret range`);
  return floor;
}

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { SynchronizationSecrets } from "pulumi-graph-sync";

const config = new pulumi.Config();
const secrets = new SynchronizationSecrets("scim", {
  servicePrincipalId: config.require("servicePrincipalId"),
  credentials: {
    BaseAddress: config.require("baseAddress"),
    SecretToken: config.requireSecret("scimToken"),
    SyncNotificationSettings: ${JSON.stringify(NOTIFICATIONS)},
  },
});

export const keys = secrets.keys;
// Which SDK the program ran with, read from the project's own node_modules.
export const sdkVersion: string = require("@pulumi/pulumi/package.json").version;
`;

let tenant: EmulatorTenant;
let project: ProjectFolder;
let stack: CliStack;
let principal: string;

const stored = () => tenant.emulator.storedSecrets(principal) ?? {};
const declared = () => ({ BaseAddress: BASE_ADDRESS, SecretToken: TOKEN, SyncNotificationSettings: JSON.stringify(NOTIFICATIONS) });

beforeAll(async () => {
  const modulesDir = process.env["PGS_FLOOR_SDK_MODULES"];
  if (modulesDir === undefined || !existsSync(path.join(modulesDir, "@pulumi", "pulumi", "package.json"))) {
    throw new Error("PGS_FLOOR_SDK_MODULES names no node_modules with @pulumi/pulumi: run the tests with scripts/test.sh");
  }
  tenant = await startEmulatorTenant();
  principal = tenant.newServicePrincipal();
  project = ProjectFolder.fromProgram({ name: PROJECT, program: PROGRAM, modulesDir });
  stack = await CliStack.init({ project });
  for (const [key, entry] of Object.entries(emulatorEndpointConfig(tenant.emulator))) {
    await stack.configSet(key, entry.value);
  }
  // Signed in as an azuread user configures it: the azuread: namespace.
  await stack.configSet("azuread:tenantId", tenant.emulator.tenantId);
  await stack.configSet("azuread:clientId", tenant.app.clientId);
  await stack.configSet("azuread:clientSecret", tenant.clientSecret, { secret: true });
  await stack.configSet(`${PROJECT}:servicePrincipalId`, principal);
  await stack.configSet(`${PROJECT}:baseAddress`, BASE_ADDRESS);
  await stack.configSet(`${PROJECT}:scimToken`, TOKEN, { secret: true });
});

afterAll(async () => {
  stack?.dispose();
  project?.dispose();
  await tenant?.emulator.close();
});

describe(`the engine lifecycle with the oldest supported @pulumi/pulumi`, () => {
  it("runs a project whose node_modules holds exactly the declared floor, in a path an old SDK serializes from", () => {
    // SDKs before 3.251.0 look for a package's package.json at the first occurrence of its name in the path.
    expect(project.dir).not.toContain("pulumi-graph-sync");
    const installed = JSON.parse(readFileSync(require.resolve("@pulumi/pulumi/package.json", { paths: [project.dir] }), "utf8")) as { version: string };
    expect(installed.version).toBe(declaredFloor());
    expect(readFileSync(path.join(project.dir, "package.json"), "utf8")).toContain(`"@pulumi/pulumi": "^${declaredFloor()}"`);
  });

  it("previews with no credential used and no Graph call", async () => {
    const preview = await stack.preview();
    expect(preview.outcome.changes).toEqual({ create: 2 });
    expect(tenant.emulator.counters().graphRequestsTotal).toBe(0);
  });

  it("creates with one PUT, from a program that ran on the floor SDK, and stores the shim by package name", async () => {
    const up = await stack.up();
    expect(up.outcome.changes).toEqual({ create: 2 });
    expect(up.outcome.stackOutputs).toEqual({ keys: ["BaseAddress", "SecretToken", "SyncNotificationSettings"], sdkVersion: declaredFloor() });
    expect(stored()).toEqual(declared());
    expect(tenant.emulator.counters().graphRequests).toEqual({ "PUT 204": 1 });
    const resource = stack.resources().find((candidate) => candidate.urn.endsWith("::scim"));
    expect(String(resource?.outputs["__provider"])).toContain('require("pulumi-graph-sync/shim")');
  });

  it("previews no change, then finds drift on refresh and restores the declaration with the next up", async () => {
    await stack.preview({ flags: ["--expect-no-changes"] });
    tenant.emulator.setStoredSecrets(principal, { BaseAddress: DRIFTED_BASE_ADDRESS });
    tenant.emulator.reset();
    const refresh = await stack.refresh();
    expect(refresh.outcome.changes).toEqual({ update: 1, same: 1 });
    expect(refresh.outcome.diagnostics.map((diagnostic) => diagnostic.message).join("\n")).toContain("key BaseAddress changed outside Pulumi");
    const preview = await stack.preview({ flags: ["--expect-no-changes"], expectFailure: true });
    expect(preview.outcome.changes).toEqual({ update: 1, same: 1 });
    const up = await stack.up();
    expect(up.outcome.changes).toEqual({ update: 1, same: 1 });
    expect(stored()).toEqual(declared());
  });

  it("clears the declared keys on destroy", async () => {
    tenant.emulator.reset();
    const destroy = await stack.destroy();
    expect(destroy.outcome.changes).toEqual({ delete: 2 });
    expect(stored()).toEqual({ SyncNotificationSettings: "{}" });
    expect(tenant.emulator.counters().graphRequests).toEqual({ "PUT 204": 1 });
  });

  it("shows no secret or drifted value in any output, --json, -v=9 log or state file", () => {
    expect(findLeaks(cliLeakPlaces(stack), [TOKEN, tenant.clientSecret, DRIFTED_BASE_ADDRESS])).toEqual([]);
  });
});
