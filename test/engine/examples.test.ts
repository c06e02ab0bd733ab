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

// Each runnable example, as a user runs it: its folder copied to a fresh project, the plain `pulumi` CLI with the
// Node.js language host, `pulumi stack init` and the `pulumi config set` lines of its README's "Run it" section (the
// README's own values, except the ids of the emulator's tenant, app and service principals, and the values the README
// lets the CLI prompt for), plus the emulator's endpoints as `npm run emulator` prints them. Then `preview --diff`,
// `up`, `preview --expect-no-changes`, `refresh` and `destroy`, each checked against what the emulator stored.
// `scim-app-azuread` is type-checked only (test/unit/docs/examples.test.ts): its provider plugin cannot be installed here.

const RESOURCE_TYPE = "pulumi-nodejs:dynamic/graphsync:SynchronizationSecrets";
const JOB_TYPE = "pulumi-nodejs:dynamic/graphsync:SynchronizationJob";
const PROJECT_FILES = ["Pulumi.yaml", "index.ts", "package.json", "tsconfig.json"];

/** How one example is run and what it must leave on the emulator. */
interface ExampleSpec {
  readonly name: string;
  /** The test's values for README lines (ids and prompted secrets), given the tenant and new principals. */
  readonly values: (tenant: EmulatorTenant, principals: readonly string[]) => Record<string, string>;
  /** How many service principals it writes. */
  readonly principalCount: number;
  /** The keys and values each principal must hold after `up`, from the README's config (never from the program). */
  readonly stored: (config: Readonly<Record<string, string>>) => Array<Record<string, unknown>>;
  /** What each principal keeps after `destroy`: the JSON-valued keys Graph cannot remove, as "{}". */
  readonly afterDestroy: Array<Record<string, string>>;
  /** The Graph API version in the paths of its requests. */
  readonly apiVersion: "v1.0" | "beta";
  /** Whether it declares a SynchronizationJob for each principal, whose secrets validate with it. */
  readonly withJob?: boolean;
}

/** Graph requests by "<METHOD> <status>" of each operation, for one principal: the secrets alone, or with a job. */
const TRAFFIC = {
  secrets: { up: { "PUT 204": 1 }, refresh: { "GET 200": 1 }, destroy: { "PUT 204": 1 } },
  // up: list jobs, create, validate, PUT, read the job, start; refresh: the secrets and the job; destroy: clear, delete.
  withJob: {
    up: { "GET 200": 2, "POST 201": 1, "POST 204": 2, "PUT 204": 1 },
    refresh: { "GET 200": 2 },
    destroy: { "PUT 204": 1, "DELETE 204": 1 },
  },
} as const;

/** Counts for `principals` principals. */
const times = (counts: Readonly<Record<string, number>>, principals: number): Record<string, number> =>
  Object.fromEntries(Object.entries(counts).map(([key, count]) => [key, count * principals]));

const NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

const unique = (label: string): string => `${label}-${randomBytes(9).toString("hex")}`;

/** The credential settings every example's README sets, with the emulator's app. */
const signIn = (tenant: EmulatorTenant) => ({
  "graphsync:tenantId": tenant.emulator.tenantId,
  "graphsync:clientId": tenant.app.clientId,
  "graphsync:clientSecret": tenant.clientSecret,
});

const EXAMPLES: readonly ExampleSpec[] = [
  {
    name: "scim-app",
    principalCount: 1,
    values: (tenant, [principal]) => ({ ...signIn(tenant), servicePrincipalId: principal ?? "", scimToken: unique("scim-app-token") }),
    stored: (config) => [
      {
        BaseAddress: config["scimBaseAddress"],
        SecretToken: config["scimToken"],
        SyncNotificationSettings: {
          Enabled: true,
          Recipients: config["notificationEmail"],
          DeleteThresholdEnabled: true,
          DeleteThresholdValue: Number(config["deleteThreshold"]),
        },
      },
    ],
    afterDestroy: [{ SyncNotificationSettings: "{}" }],
    apiVersion: "v1.0",
    withJob: true,
  },
  {
    name: "cloud-sync",
    principalCount: 1,
    values: (tenant, [principal]) => ({ ...signIn(tenant), servicePrincipalId: principal ?? "" }),
    stored: (config) => [
      {
        Domain: { domain: config["domain"] },
        AppKey: { appKeyScenario: config["passwordHashSync"] === "true" ? "AD2AADPasswordHash" : "AD2AADProvisioning" },
        SyncNotificationSettings: {
          Enabled: true,
          Recipients: config["notificationEmail"],
          DeleteThresholdEnabled: true,
          DeleteThresholdValue: Number(config["deleteThreshold"]),
        },
      },
    ],
    afterDestroy: [{ AppKey: "{}", Domain: "{}", SyncNotificationSettings: "{}" }],
    apiVersion: "beta",
  },
  {
    name: "many-apps",
    principalCount: 2,
    values: (tenant, [hr, payroll]) => ({
      ...signIn(tenant),
      "apps[0].servicePrincipalId": hr ?? "",
      "apps[1].servicePrincipalId": payroll ?? "",
      "scimTokens.hr": unique("hr-token"),
      "scimTokens.payroll": unique("payroll-token"),
    }),
    stored: (config) =>
      [0, 1].map((index) => ({
        BaseAddress: config[`apps[${index}].baseAddress`],
        SecretToken: config[`scimTokens.${config[`apps[${index}].name`]}`],
        SyncNotificationSettings: { Enabled: true, Recipients: config["notificationEmail"] },
      })),
    afterDestroy: [{ SyncNotificationSettings: "{}" }, { SyncNotificationSettings: "{}" }],
    apiVersion: "v1.0",
  },
];

/** Stored secrets with the JSON-valued ones parsed, for comparison with the declared objects. */
function parsedSecrets(stored: Record<string, string> | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(stored ?? {}).map(([key, value]) => [key, value.startsWith("{") ? (JSON.parse(value) as unknown) : value]),
  );
}

describe.each(EXAMPLES.map((spec) => [spec.name, spec] as const))("examples/%s through the plain CLI", (name, spec) => {
  let tenant: EmulatorTenant;
  let project: ProjectFolder;
  let stack: CliStack;
  let run: ReadmeRun;
  let principals: string[];
  let config: Record<string, string>;
  /** Values the README lets the CLI prompt for, and the client secret: none may appear anywhere. */
  let secretValues: string[];

  const stored = () => principals.map((id) => tenant.emulator.storedSecrets(id) ?? {});
  /** What each operation sends to Graph, and how many resources the stack holds besides the Stack. */
  const expected = spec.withJob ? TRAFFIC.withJob : TRAFFIC.secrets;
  const resourceCount = spec.principalCount * (spec.withJob ? 2 : 1);
  const traffic = () => {
    const counters = tenant.emulator.counters();
    return { graph: { ...counters.graphRequests }, tokens: Object.values(counters.tokenRequests).reduce((sum, count) => sum + count, 0) };
  };

  beforeAll(async () => {
    tenant = await startEmulatorTenant();
    principals = Array.from({ length: spec.principalCount }, () => tenant.newServicePrincipal());
    project = ProjectFolder.copyOf(path.join(REPO_ROOT, "examples", name), PROJECT_FILES);
    run = readmeRun(readFileSync(path.join(REPO_ROOT, "examples", name, "README.md"), "utf8"), "Run it");
    stack = await CliStack.init({ project, stackName: run.stackName });
    const values = spec.values(tenant, principals);
    config = await applyReadmeConfig(stack, run, values);
    secretValues = run.configSets.filter((set) => set.secret).map((set) => config[set.key] ?? "");
    // Where the provider finds Graph and Entra: the emulator's endpoints, as `npm run emulator` prints them.
    for (const [key, entry] of Object.entries(emulatorEndpointConfig(tenant.emulator))) {
      await stack.configSet(key, entry.value);
    }
  });

  afterAll(async () => {
    stack?.dispose();
    project?.dispose();
    await tenant?.emulator.close();
  });

  it("has a README that sets up its stack and runs up and destroy", () => {
    expect(run.stackName).toBe("dev");
    expect(run.commands).toContain("pulumi up");
    expect(run.commands).toContain("pulumi destroy");
    expect(secretValues.length).toBeGreaterThan(0);
  });

  it("previews the keys to write with values hidden, without a token or a Graph request", async () => {
    const preview = await stack.preview({ flags: ["--diff"], display: "text" });
    expect(preview.stdout).toContain(`+ ${RESOURCE_TYPE}: (create)`);
    expect(preview.stdout).toMatch(/credentials\s*: \[secret\]/);
    const json = await stack.preview();
    expect(json.outcome.steps.filter((step) => step.type === RESOURCE_TYPE).map((step) => step.op)).toEqual(
      Array.from({ length: spec.principalCount }, () => "create"),
    );
    expect(json.outcome.changes).toEqual({ create: resourceCount + 1 });
    expect(traffic()).toEqual({ graph: {}, tokens: 0 });
    expect(stored()).toEqual(principals.map(() => ({})));
  });

  it(`writes every declared key with one PUT per principal on up${spec.withJob ? ", after the job is created and the keys are tested, then starts the job" : ""}`, async () => {
    const up = await stack.up();
    expect(up.outcome.changes).toEqual({ create: resourceCount + 1 });
    expect(stored().map(parsedSecrets)).toEqual(spec.stored(config));
    expect(traffic()).toEqual({ graph: times(expected.up, spec.principalCount), tokens: 1 });
    const paths = tenant.emulator.requestLog().filter((entry) => entry.surface === "graph").map((entry) => entry.path.split("/")[1]);
    expect(new Set(paths)).toEqual(new Set([spec.apiVersion]));
    expect(stack.resources().map((resource) => resource.type).sort()).toEqual(
      principals.flatMap(() => (spec.withJob ? [JOB_TYPE, RESOURCE_TYPE] : [RESOURCE_TYPE])).sort(),
    );
    if (spec.withJob) {
      // Microsoft Entra's order, as the emulator saw it: the job, the credential test, the save, the start.
      for (const principal of principals) {
        const operations = tenant.emulator.graphOperations({ servicePrincipalId: principal }).map((entry) => `${entry.operation} ${entry.status}`);
        expect(operations).toEqual(["jobs.list 200", "jobs.create 201", "jobs.validateCredentials 204", "secrets.put 204", "jobs.get 200", "jobs.start 204"]);
        expect(tenant.emulator.synchronizationJobs(principal)).toEqual([
          expect.objectContaining({ templateId: "scim", schedule: expect.objectContaining({ state: "Active" }), status: expect.objectContaining({ code: "Active" }), starts: 1 }),
        ]);
      }
      // The README's count of the requests is this run's.
      const count = Object.values(expected.up).reduce((sum, n) => sum + n, 0);
      expect(readFileSync(path.join(REPO_ROOT, "examples", name, "README.md"), "utf8")).toContain(`\`pulumi up\` makes ${NUMBER_WORDS[count]} Graph requests`);
    }
  });

  it("previews no change afterwards (--expect-no-changes), without a Graph request", async () => {
    tenant.emulator.reset();
    const before = stored();
    const preview = await stack.preview({ flags: ["--expect-no-changes"] });
    expect(preview.outcome.changes).toEqual({ same: resourceCount + 1 });
    expect(traffic()).toEqual({ graph: {}, tokens: 0 });
    expect(stored()).toEqual(before);
  });

  it("refreshes, reading each principal and writing nothing", async () => {
    tenant.emulator.reset();
    const before = stored();
    const refresh = await stack.refresh();
    expect(refresh.outcome.changes).toEqual({ same: resourceCount + 1 });
    // `pulumi refresh --yes` reads twice, in two provider processes: its preview, then the refresh itself.
    expect(traffic()).toEqual({ graph: times(expected.refresh, 2 * spec.principalCount), tokens: 2 });
    expect(stored()).toEqual(before);
    if (spec.withJob) {
      // The job the secrets started reads Active now: the one output the job resource could not know when it was created.
      expect(stack.resources().filter((resource) => resource.type === JOB_TYPE).map((resource) => resource.outputs["scheduleState"])).toEqual(
        principals.map(() => "Active"),
      );
    }
  });

  it(`clears the declared keys on destroy, JSON-valued ones to {}${spec.withJob ? ", and deletes the job" : ""}`, async () => {
    tenant.emulator.reset();
    const destroy = await stack.destroy();
    expect(destroy.outcome.changes).toEqual({ delete: resourceCount + 1 });
    expect(stored()).toEqual(spec.afterDestroy);
    expect(traffic()).toEqual({ graph: times(expected.destroy, spec.principalCount), tokens: 1 });
    expect(stack.resources()).toEqual([]);
    for (const principal of principals) {
      expect(tenant.emulator.synchronizationJobs(principal)).toEqual([]);
    }
  });

  it("shows no secret value in any output, --json, -v=9 log, state file, history or backup", () => {
    const places = cliLeakPlaces(stack);
    expect(Object.keys(places).filter((place) => place.includes("-v=9 log")).length).toBeGreaterThanOrEqual(stack.records.length);
    expect(Object.keys(places).some((place) => place.includes("backend file .pulumi/history/"))).toBe(true);
    expect(Object.keys(places).some((place) => place.includes("backend file .pulumi/backups/"))).toBe(true);
    expect(findLeaks(places, secretValues)).toEqual([]);
  });
});
