import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliLeakPlaces } from "./harness/cli/cliLeakPlaces";
import { CliStack, type OperationRecord } from "./harness/cli/cliStack";
import { ProjectFolder } from "./harness/cli/projectFolder";
import { emulatorEndpointConfig, startEmulatorTenant, type EmulatorTenant } from "./harness/emulatorTenant";
import { findLeaks, SDK_RPC_TRACE } from "./harness/leakScan";

// What the README's Limitations say about Pulumi's own debug traces, on the plain-CLI path: the Node.js SDK traces
// each resource registration's response at debug level, and `pulumi up --json` streams debug events. A value written
// in the program, even inside pulumi.secret(), shows there in clear text; a value from secret stack config does not.
// Should Pulumi change either, this fails and the README sentence must change with it.

const IN_PROGRAM = `in-program-${randomBytes(9).toString("hex")}`;
const FROM_SECRET_CONFIG = `secret-config-${randomBytes(9).toString("hex")}`;

let tenant: EmulatorTenant;
let principal: string;
let project: ProjectFolder;
let stack: CliStack;
let up: OperationRecord;
let written: Record<string, string> | undefined;

beforeAll(async () => {
  tenant = await startEmulatorTenant();
  principal = tenant.newServicePrincipal();
  const program = [
    'import * as pulumi from "@pulumi/pulumi";',
    'import { SynchronizationSecrets } from "pulumi-graph-sync";',
    "",
    "const config = new pulumi.Config();",
    'const secrets = new SynchronizationSecrets("traced", {',
    `  servicePrincipalId: "${principal}",`,
    `  credentials: { UserName: "svc", Password: pulumi.secret("${IN_PROGRAM}"), SecretToken: config.requireSecret("token") },`,
    "});",
    "",
    "export const managedKeys = secrets.keys;",
    "",
  ].join("\n");
  project = ProjectFolder.fromProgram({ name: "graphsync-traces", program });
  stack = await CliStack.init({ project });
  await stack.configSet("token", FROM_SECRET_CONFIG, { secret: true });
  await stack.configSetAll({ ...tenant.config, ...emulatorEndpointConfig(tenant.emulator) });
  up = await stack.up();
  written = tenant.emulator.storedSecrets(principal);
  await stack.destroy();
});

afterAll(async () => {
  stack?.dispose();
  project?.dispose();
  await tenant?.emulator.close();
});

describe("Pulumi's own debug traces on the plain-CLI path", () => {
  it("put a value written in the program, even as pulumi.secret(), into `pulumi up --json`, only inside the SDK's trace", () => {
    const lines = up.stdout.split("\n").filter((line) => line.includes(IN_PROGRAM));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => SDK_RPC_TRACE.test(line) && line.includes('"severity":"debug"'))).toBe(true);
    expect(Object.values(up.verboseLogs).some((log) => log.includes(IN_PROGRAM))).toBe(true);
  });

  it("never show a value from secret stack config, in any output, log or state file", () => {
    // It went all the way: the provider wrote it.
    expect(written).toMatchObject({ SecretToken: FROM_SECRET_CONFIG, Password: IN_PROGRAM });
    expect(findLeaks(cliLeakPlaces(stack), [FROM_SECRET_CONFIG])).toEqual([]);
  });
});
