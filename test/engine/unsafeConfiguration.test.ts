import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliStack } from "./harness/cli/cliStack";
import { cliLeakPlaces } from "./harness/cli/cliLeakPlaces";
import { ProjectFolder } from "./harness/cli/projectFolder";
import { startEmulatorTenant, type EmulatorTenant } from "./harness/emulatorTenant";
import { findLeaks } from "./harness/leakScan";

// What a user's stack may ask for and is refused before any request, through the plain CLI on a project folder: a
// named cloud's token sent off that cloud, a number that cannot be stored exactly, a cloud named after a prototype
// member. The emulator stands in for US Government, whose Graph accepts only tokens for https://graph.microsoft.us.

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { SynchronizationSecrets } from "pulumi-graph-sync";

const config = new pulumi.Config();
new SynchronizationSecrets("app", {
  servicePrincipalId: config.require("servicePrincipalId"),
  credentials: config.getBoolean("numericPassword")
    ? { Password: 12345678901234567890 }
    : { SecretToken: config.requireSecret("scimToken") },
});
`;
const TOKEN = "declared-scim-token-8812";
// What 12345678901234567890 would have been stored as, and its leading digits: neither may be shown.
const ROUNDED_DIGITS = ["12345678901234567000", "1234567890123456"];
// Anything else than loopback goes to a closed port, should a refusal ever let a request through.
const LOOPBACK_ONLY = { HTTPS_PROXY: "http://127.0.0.1:9", NO_PROXY: "127.0.0.1,localhost,::1" };

let tenant: EmulatorTenant;
let project: ProjectFolder;
let stack: CliStack;

beforeAll(async () => {
  tenant = await startEmulatorTenant({ cloud: "usgovernment" });
  project = ProjectFolder.fromProgram({ name: "graphsync-unsafe", program: PROGRAM });
  stack = await CliStack.init({ project, env: LOOPBACK_ONLY });
  await stack.configSet("graphsync-unsafe:servicePrincipalId", tenant.newServicePrincipal());
  await stack.configSet("graphsync-unsafe:scimToken", TOKEN, { secret: true });
  await stack.configSetAll(tenant.config);
  await stack.configSet("graphsync:cloud", "usgovernment");
});

afterAll(async () => {
  stack?.dispose();
  project?.dispose();
  await tenant?.emulator.close();
});

const requestsSeen = (): number => tenant.emulator.requestLog().length;
const shown = (record: { stdout: string; stderr: string }): string => `${record.stdout}\n${record.stderr}`;

describe("a named cloud's tokens and credentials go only to its own hosts", () => {
  it("fails the up before any request when graphEndpoint is elsewhere, naming it and the opt-in", async () => {
    await stack.configSet("graphsync:authorityHost", "https://login.microsoftonline.us");
    tenant.emulator.reset();
    const up = await stack.up({ expectFailure: true });
    expect(up.exitCode).not.toBe(0);
    expect(shown(up)).toContain("graphsync:graphEndpoint (setting graphEndpoint) is a host outside the usgovernment cloud");
    expect(shown(up)).toContain("set graphsync:allowNonCloudEndpoints to true");
    expect(shown(up)).not.toContain("setting authorityHost");
    expect(requestsSeen()).toBe(0);
  });

  it("fails the up the same way when authorityHost is elsewhere", async () => {
    await stack.configSet("graphsync:authorityHost", tenant.emulator.authorityHost);
    await stack.configSet("graphsync:graphEndpoint", "https://graph.microsoft.us");
    tenant.emulator.reset();
    const up = await stack.up({ expectFailure: true });
    expect(up.exitCode).not.toBe(0);
    expect(shown(up)).toContain(
      "graphsync:authorityHost (setting authorityHost) is a host outside the usgovernment cloud, whose credentials " +
        "(client secrets, assertions, federated tokens) go only to its own hosts.",
    );
    expect(shown(up)).toContain("set graphsync:allowNonCloudEndpoints to true");
    expect(shown(up)).not.toContain("setting graphEndpoint");
    expect(requestsSeen()).toBe(0);
  });

  it("sends them to the emulator through the opt-in, for that cloud's audience, and warns naming the host", async () => {
    await stack.configSet("graphsync:graphEndpoint", tenant.emulator.graphEndpoint);
    await stack.configSet("graphsync:allowNonCloudEndpoints", "true");
    tenant.emulator.reset();
    const up = await stack.up();
    expect(up.outcome.changes).toMatchObject({ create: 2 });
    expect(tenant.emulator.counters().graphRequests).toEqual({ "PUT 204": 1 });
    const host = new URL(tenant.emulator.graphEndpoint).host;
    expect(shown(up)).toContain(
      `warning: graphsync:graphEndpoint sends the usgovernment cloud's access tokens to ${host}, outside that cloud ` +
        "(graphsync:allowNonCloudEndpoints is true)",
    );
    expect(shown(up)).toContain(`warning: graphsync:authorityHost sends the usgovernment cloud's credentials`);
    // And on every run, a preview included.
    const preview = await stack.preview();
    expect(shown(preview)).toContain(`warning: graphsync:graphEndpoint sends the usgovernment cloud's access tokens to ${host}`);
  });
});

describe("values the provider cannot keep exactly, and names that are no setting", () => {
  it("fails the preview of Password: 12345678901234567890, naming Password and never the digits", async () => {
    await stack.configSet("graphsync-unsafe:numericPassword", "true");
    tenant.emulator.reset();
    const preview = await stack.preview({ expectFailure: true });
    expect(preview.exitCode).not.toBe(0);
    expect(shown(preview)).toContain("credentials.Password");
    expect(shown(preview)).toContain("pass it as a string");
    for (const digits of ROUNDED_DIGITS) expect(shown(preview)).not.toContain(digits);
    expect(requestsSeen()).toBe(0);
    await stack.configSet("graphsync-unsafe:numericPassword", "false");
  });

  it("fails graphsync:cloud constructor as no known cloud, naming graphsync:cloud, with no TypeError", async () => {
    await stack.configSet("graphsync:cloud", "constructor");
    tenant.emulator.reset();
    const preview = await stack.preview({ expectFailure: true });
    expect(preview.exitCode).not.toBe(0);
    expect(shown(preview)).toContain("graphsync:cloud (setting cloud) names no known cloud. Use public (or global)");
    expect(shown(preview)).not.toContain("TypeError");
    expect(requestsSeen()).toBe(0);
    await stack.configSet("graphsync:cloud", "usgovernment");
  });

  it("never shows the client secret or the declared token", () => {
    expect(findLeaks(cliLeakPlaces(stack), [tenant.clientSecret, TOKEN])).toEqual([]);
  });
});
