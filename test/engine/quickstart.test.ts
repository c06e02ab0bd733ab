import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliLeakPlaces } from "./harness/cli/cliLeakPlaces";
import { CliStack } from "./harness/cli/cliStack";
import { ProjectFolder } from "./harness/cli/projectFolder";
import { applyReadmeConfig } from "./harness/cli/readmeConfig";
import { readmeRun, type ReadmeRun } from "./harness/cli/readmeCommands";
import { emulatorEndpointConfig, startEmulatorTenant, type EmulatorTenant } from "./harness/emulatorTenant";
import { findLeaks } from "./harness/leakScan";
import { REPO_ROOT } from "./harness/toolchain";

// The quickstart as the README's "Quickstart: your tenant" runs it: the root Pulumi.yaml (program quickstart/index.ts)
// copied to a fresh folder, the plain `pulumi` CLI with the Node.js language host, `pulumi stack init` and the README's
// `pulumi config set` lines (the emulator's ids and test values for the prompted secrets), the emulator's endpoints.
// Then its whole life: preview, up, a preview that expects no change, refresh, drift found by refresh, an up that Graph
// refuses, the up that restores the declaration, destroy; the emulator checked after each step, and every output,
// `--json` output, `-v=9` log, state file (history and backups included) and automatic log scanned for every secret
// value, the drifted ones included.

const PROJECT = "graphsync-quickstart";
const RESOURCE_TYPE = "pulumi-nodejs:dynamic/graphsync:SynchronizationSecrets";
const PROJECT_FILES = ["Pulumi.yaml", "quickstart/index.ts", "quickstart/package.json", "quickstart/tsconfig.json"];

const unique = (label: string): string => `${label}-${randomBytes(9).toString("hex")}`;
/** Keys the principal holds before Pulumi runs (set in the portal): never the stack's. */
const FOREIGN = { UserName: "portal-user", Password: unique("portal-password") };
const TOKEN = unique("quickstart-scim-token");
/** Values someone sets outside Pulumi: refresh stores them in state, encrypted, and nothing may print them. */
const DRIFTED_BASE_ADDRESS = `https://${unique("drifted")}.example/scim`;
const DRIFTED_RECIPIENT = `${unique("drifted")}@elsewhere.example`;

let tenant: EmulatorTenant;
let project: ProjectFolder;
let stack: CliStack;
let run: ReadmeRun;
let principal: string;
let config: Record<string, string>;

const stored = () => tenant.emulator.storedSecrets(principal) ?? {};
const traffic = () => {
  const counters = tenant.emulator.counters();
  return { graph: { ...counters.graphRequests }, tokens: Object.values(counters.tokenRequests).reduce((sum, count) => sum + count, 0) };
};
/** What the README's config declares, as Graph stores it. */
const declared = () => ({
  BaseAddress: config[`${PROJECT}:scimBaseAddress`],
  SecretToken: TOKEN,
  SyncNotificationSettings: JSON.stringify({
    DeleteThresholdEnabled: true,
    DeleteThresholdValue: 50,
    Enabled: true,
    Recipients: config[`${PROJECT}:notificationEmail`],
  }),
});

beforeAll(async () => {
  tenant = await startEmulatorTenant();
  principal = tenant.newServicePrincipal();
  tenant.emulator.setStoredSecrets(principal, FOREIGN);
  project = ProjectFolder.copyOf(REPO_ROOT, PROJECT_FILES);
  run = readmeRun(readFileSync(path.join(REPO_ROOT, "README.md"), "utf8"), "Quickstart: your tenant");
  stack = await CliStack.init({ project, stackName: run.stackName });
  config = await applyReadmeConfig(stack, run, {
    [`${PROJECT}:servicePrincipalId`]: principal,
    [`${PROJECT}:scimToken`]: TOKEN,
    "graphsync:tenantId": tenant.emulator.tenantId,
    "graphsync:clientId": tenant.app.clientId,
    "graphsync:clientSecret": tenant.clientSecret,
  });
  for (const [key, entry] of Object.entries(emulatorEndpointConfig(tenant.emulator))) {
    await stack.configSet(key, entry.value);
  }
});

afterAll(async () => {
  stack?.dispose();
  project?.dispose();
  await tenant?.emulator.close();
});

describe("the quickstart through the plain CLI, as the README runs it", () => {
  it("runs the README's commands: its stack, its config, preview --diff and up", () => {
    expect(project.name).toBe(PROJECT);
    expect(run.stackName).toBe("dev");
    expect(run.commands).toEqual(expect.arrayContaining(["pulumi preview --diff", "pulumi up"]));
    expect(run.configSets.filter((set) => set.secret).map((set) => set.key)).toEqual([`${PROJECT}:scimToken`, "graphsync:clientSecret"]);
  });

  it("previews the three keys with their values hidden, using no credential and calling nothing", async () => {
    const preview = await stack.preview({ flags: ["--diff"], display: "text" });
    expect(preview.stdout).toMatch(/keys\s*:\s*\[\s*\[0\]: "BaseAddress"\s*\[1\]: "SecretToken"\s*\[2\]: "SyncNotificationSettings"/);
    expect(preview.stdout).toMatch(/credentials\s*: \[secret\]/);
    expect(preview.outcome.changes).toEqual({ "to create": 2 });
    const json = await stack.preview();
    expect(json.outcome.steps.map((step) => `${step.op} ${step.type}`)).toEqual(["create pulumi:pulumi:Stack", `create ${RESOURCE_TYPE}`]);
    expect(traffic()).toEqual({ graph: {}, tokens: 0 });
    expect(stored()).toEqual(FOREIGN);
  });

  it("writes the declared keys with one PUT and one token on up, and leaves the portal's keys alone", async () => {
    const up = await stack.up();
    expect(up.outcome.changes).toEqual({ create: 2 });
    expect(up.outcome.stackOutputs).toEqual({ servicePrincipalId: principal, managedKeys: ["BaseAddress", "SecretToken", "SyncNotificationSettings"] });
    expect(stored()).toEqual({ ...FOREIGN, ...declared() });
    expect(traffic()).toEqual({ graph: { "PUT 204": 1 }, tokens: 1 });
  });

  it("previews no change afterwards and refreshes without writing", async () => {
    tenant.emulator.reset();
    await stack.preview({ flags: ["--expect-no-changes"] });
    expect(traffic()).toEqual({ graph: {}, tokens: 0 });
    const refresh = await stack.refresh();
    expect(refresh.outcome.changes).toEqual({ same: 2 });
    expect(traffic()).toEqual({ graph: { "GET 200": 2 }, tokens: 2 });
    expect(stored()).toEqual({ ...FOREIGN, ...declared() });
  });

  it("finds drift on refresh, naming the keys and never the values, and a preview then expects changes", async () => {
    const drifted = {
      BaseAddress: DRIFTED_BASE_ADDRESS,
      SyncNotificationSettings: JSON.stringify({ Enabled: false, Recipients: DRIFTED_RECIPIENT }),
    };
    tenant.emulator.setStoredSecrets(principal, drifted);
    tenant.emulator.reset();
    const refresh = await stack.refresh();
    expect(refresh.outcome.changes).toEqual({ update: 1, same: 1 });
    const drift = refresh.outcome.diagnostics.map((diagnostic) => diagnostic.message).find((message) => message.includes("changed outside Pulumi"));
    expect(drift).toContain(`on service principal ${principal}`);
    expect(drift).toMatch(/BaseAddress/);
    expect(drift).toMatch(/SyncNotificationSettings/);
    expect(traffic().graph).toEqual({ "GET 200": 2 });
    expect(stored()).toEqual({ ...FOREIGN, ...declared(), ...drifted });
    // The drift is in state now, so the declaration differs from it: a preview that expects no change fails.
    const preview = await stack.preview({ flags: ["--expect-no-changes"], expectFailure: true });
    expect(preview.exitCode).not.toBe(0);
    expect(preview.outcome.changes).toEqual({ update: 1, same: 1 });
  });

  it("fails an up that Graph refuses, with a message that names the principal and no value", async () => {
    tenant.emulator.reset();
    tenant.emulator.injectFault({ method: "PUT", pathIncludes: principal, kind: "status", status: 400, count: 1 });
    const up = await stack.up({ expectFailure: true });
    expect(up.exitCode).not.toBe(0);
    const errors = up.outcome.diagnostics.filter((diagnostic) => diagnostic.severity === "error").map((diagnostic) => diagnostic.message);
    expect(errors.join("\n")).toMatch(new RegExp(`refused .*${principal}.* as invalid \\(400`));
    expect(traffic().graph).toEqual({ "PUT 400": 1 });
    expect(stored()).toMatchObject({ BaseAddress: DRIFTED_BASE_ADDRESS });
  });

  it("restores the declared values with the next up: one PUT", async () => {
    tenant.emulator.reset();
    const up = await stack.up();
    expect(up.outcome.changes).toEqual({ update: 1, same: 1 });
    expect(stored()).toEqual({ ...FOREIGN, ...declared() });
    expect(traffic()).toEqual({ graph: { "PUT 204": 1 }, tokens: 1 });
  });

  it("clears the declared keys on destroy, leaves {} where Graph cannot remove a key, and says so", async () => {
    tenant.emulator.reset();
    const destroy = await stack.destroy();
    expect(destroy.outcome.changes).toEqual({ delete: 2 });
    expect(destroy.outcome.diagnostics.map((diagnostic) => diagnostic.message).join("\n")).toMatch(
      /graphsync: warning: key SyncNotificationSettings set to "\{\}"/,
    );
    expect(stored()).toEqual({ ...FOREIGN, SyncNotificationSettings: "{}" });
    expect(traffic()).toEqual({ graph: { "PUT 204": 1 }, tokens: 1 });
    expect(stack.resources()).toEqual([]);
  });

  it("shows no secret or drifted value in any output, --json, -v=9 log, state file, history, backup or automatic log", async () => {
    const automaticLogs = await stack.automaticLogs();
    const places = cliLeakPlaces(stack, automaticLogs);
    const operations = stack.records.filter((record) => record.outcome !== undefined);
    // Every operation left its --json output (or display) and a -v=9 log, and the state was read after each one.
    expect(operations.map((record) => record.args[0])).toEqual([
      "preview", "preview", "up", "preview", "refresh", "refresh", "preview", "up", "up", "destroy",
    ]);
    expect(operations.every((record) => Object.keys(record.verboseLogs).length > 0)).toBe(true);
    expect(Object.keys(automaticLogs).length).toBeGreaterThanOrEqual(operations.length);
    expect(Object.keys(places).some((place) => place.includes("backend file .pulumi/history/"))).toBe(true);
    expect(Object.keys(places).some((place) => place.includes("backend file .pulumi/backups/"))).toBe(true);
    const secrets = [TOKEN, tenant.clientSecret, FOREIGN.Password, DRIFTED_BASE_ADDRESS, DRIFTED_RECIPIENT];
    expect(findLeaks(places, secrets)).toEqual([]);
    // The scan is not blind: the base address, plain config, is found in the stack's config file, in the --json
    // output of `up` and in the -v=9 logs, where Pulumi's own debug trace of the resource registration carries it
    // (see README.md, Limitations).
    const plain = findLeaks(places, [config[`${PROJECT}:scimBaseAddress`] ?? ""]).join("\n");
    expect(plain).toMatch(/Pulumi\.dev\.yaml/);
    expect(plain).toMatch(/pulumi up --yes --json: stdout/);
    expect(plain).toMatch(/-v=9 log/);
  });
});
