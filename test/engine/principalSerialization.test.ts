import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { overlappingOperations } from "../emulator";
import { cliLeakPlaces } from "./harness/cli/cliLeakPlaces";
import { CliStack } from "./harness/cli/cliStack";
import { ProjectFolder } from "./harness/cli/projectFolder";
import { startEmulatorTenant, type EmulatorTenant } from "./harness/emulatorTenant";
import { findLeaks } from "./harness/leakScan";

// One writer at a time per service principal, through the plain CLI. Each of two principals gets a job and two
// secrets resources that do not depend on one another, so the engine runs all six at once; with 40 ms added to every
// request, their calls would overlap unless the provider serializes them. They may only overlap across principals,
// which shows the engine did run them side by side. Both resource types run in the one pulumi-nodejs provider
// process of each engine run, which the engine's log shows (one launch per run) and the single token request per run
// confirms: they share one Graph client.

const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { SynchronizationJob, SynchronizationSecrets } from "pulumi-graph-sync";

const config = new pulumi.Config();
const principals: Array<[string, string]> = [["one", config.require("principalOne")], ["two", config.require("principalTwo")]];
for (const [name, servicePrincipalId] of principals) {
  new SynchronizationJob(name, { servicePrincipalId, templateId: "scim" });
  new SynchronizationSecrets(\`\${name}-scim\`, {
    servicePrincipalId,
    credentials: { BaseAddress: "https://scim.serialized.example/v2", SecretToken: config.requireSecret("scimToken") },
  });
  new SynchronizationSecrets(\`\${name}-notifications\`, { servicePrincipalId, credentials: { SyncNotificationSettings: { Enabled: false } } });
}
`;

const TOKEN = "serialized-token-3c9e1f7a";

let tenant: EmulatorTenant;
let project: ProjectFolder;
let stack: CliStack;
let principals: string[];

beforeAll(async () => {
  tenant = await startEmulatorTenant({ latencyMs: 40 });
  principals = [tenant.newServicePrincipal(), tenant.newServicePrincipal()];
  project = ProjectFolder.fromProgram({ name: "graphsync-serialized", program: PROGRAM });
  stack = await CliStack.init({ project });
  await stack.configSet("principalOne", principals[0] ?? "");
  await stack.configSet("principalTwo", principals[1] ?? "");
  await stack.configSet("scimToken", TOKEN, { secret: true });
  await stack.configSetAll(tenant.config);
});

afterAll(async () => {
  stack?.dispose();
  project?.dispose();
  await tenant?.emulator.close();
});

/** The operations of the last engine run: per principal, and whether any two of one principal overlapped. */
function observed() {
  const perPrincipal = principals.map((servicePrincipalId) => tenant.emulator.graphOperations({ servicePrincipalId }));
  return {
    counts: perPrincipal.map((operations) => operations.length),
    overlapsWithinAPrincipal: perPrincipal.flatMap((operations) => overlappingOperations(operations)),
    overlapsAcrossPrincipals: overlappingOperations(perPrincipal.flat()).length,
    tokenRequests: Object.values(tenant.emulator.counters().tokenRequests).reduce((sum, count) => sum + count, 0),
  };
}

describe("operations on one service principal", () => {
  it("never overlap on up, while the two principals' operations do", async () => {
    tenant.emulator.reset();
    const up = await stack.up();
    expect(up.outcome.changes).toEqual({ create: 7 });
    const seen = observed();
    // Per principal: the job's list, create and start, and one PUT for each secrets resource.
    expect(seen.counts).toEqual([5, 5]);
    expect(seen.overlapsWithinAPrincipal).toEqual([]);
    expect(seen.overlapsAcrossPrincipals).toBeGreaterThan(0);
    expect(seen.tokenRequests).toBe(1);
    // The engine's own log: one pulumi-nodejs provider process for the up's preview and one for the update itself,
    // whatever the resource types.
    const launches = Object.values(up.verboseLogs).join("\n").match(/Launching plugin 'pulumi-nodejs \(resource\)'/g) ?? [];
    expect(launches).toHaveLength(2);
    for (const principal of principals) {
      expect(tenant.emulator.storedSecrets(principal)).toMatchObject({ SecretToken: TOKEN, SyncNotificationSettings: '{"Enabled":false}' });
    }
  });

  it("never overlap on refresh and destroy either", async () => {
    tenant.emulator.reset();
    await stack.refresh();
    const refresh = observed();
    // Each read twice: in the refresh's preview, then in the refresh.
    expect(refresh.counts).toEqual([6, 6]);
    expect(refresh.overlapsWithinAPrincipal).toEqual([]);
    tenant.emulator.reset();
    const destroy = await stack.destroy();
    expect(destroy.outcome.changes).toEqual({ delete: 7 });
    const seen = observed();
    expect(seen.counts).toEqual([3, 3]);
    expect(seen.overlapsWithinAPrincipal).toEqual([]);
    expect(seen.overlapsAcrossPrincipals).toBeGreaterThan(0);
    expect(seen.tokenRequests).toBe(1);
  });

  it("shows neither the token nor the client secret anywhere", () => {
    expect(findLeaks(cliLeakPlaces(stack), [TOKEN, tenant.clientSecret])).toEqual([]);
  });
});
