import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { ConfigMap, PulumiFn } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import cloudSync from "../../examples/cloud-sync/index";
import manyApps from "../../examples/many-apps/index";
import scimApp from "../../examples/scim-app/index";
import { EngineStack } from "./harness/engineStack";
import { startEmulatorTenant, type EmulatorTenant } from "./harness/emulatorTenant";
import { findLeaks } from "./harness/leakScan";
import { REPO_ROOT } from "./harness/toolchain";

// Each runnable example, imported as users run it (a default-exported program that imports pulumi-graph-sync by
// name, resolved from the repository's installed copy), runs once as an inline program against the emulator:
// up, then destroy. The azuread example is type-checked only (test/unit/docs/examples.test.ts): its provider
// plugin cannot be installed here.

let tenant: EmulatorTenant;

beforeAll(async () => {
  tenant = await startEmulatorTenant();
});

afterAll(async () => {
  await tenant?.emulator.close();
});

/** The project name in the example's Pulumi.yaml: the namespace of its own stack config. */
function projectName(example: string): string {
  const project = parseYaml(readFileSync(path.join(REPO_ROOT, "examples", example, "Pulumi.yaml"), "utf8")) as { name?: unknown };
  if (typeof project.name !== "string") {
    throw new Error(`examples/${example}/Pulumi.yaml has no name`);
  }
  return project.name;
}

/** The example's stack config, in its project's namespace, plus the provider settings that point at the emulator. */
function exampleConfig(example: string, settings: Record<string, string | { secret: string }>): ConfigMap {
  const namespace = projectName(example);
  const config: ConfigMap = { ...tenant.config };
  for (const [key, value] of Object.entries(settings)) {
    config[`${namespace}:${key}`] = typeof value === "string" ? { value } : { value: value.secret, secret: true };
  }
  return config;
}

/** Runs `up` then `destroy` on a fresh stack, handing the test what the emulator held after each. */
async function upAndDestroy(
  example: string,
  program: PulumiFn,
  config: ConfigMap,
  servicePrincipalIds: readonly string[],
): Promise<{ afterUp: unknown[]; afterDestroy: unknown[]; outputs: Record<string, unknown>; transcript: Record<string, string> }> {
  const engine = await EngineStack.create({ projectName: projectName(example), program, config });
  try {
    const up = await engine.up();
    const afterUp = servicePrincipalIds.map((id) => tenant.emulator.storedSecrets(id));
    const outputs = Object.fromEntries(Object.entries(await engine.stack.outputs()).map(([k, v]) => [k, v.value]));
    const state = engine.stateFileText();
    const destroy = await engine.destroy();
    const afterDestroy = servicePrincipalIds.map((id) => tenant.emulator.storedSecrets(id));
    expect(engine.resources()).toEqual([]);
    return {
      afterUp,
      afterDestroy,
      outputs,
      transcript: { "up output": up.stdout + up.stderr, "destroy output": destroy.stdout + destroy.stderr, state },
    };
  } finally {
    await engine.dispose();
  }
}

describe("the examples against the emulator", () => {
  it("scim-app writes the base address, token and notification settings, and clears them on destroy", async () => {
    const servicePrincipalId = tenant.newServicePrincipal();
    const token = "example-scim-token-3f9a1c7e52";
    const run = await upAndDestroy(
      "scim-app",
      scimApp,
      exampleConfig("scim-app", {
        servicePrincipalId,
        scimBaseAddress: "https://scim.hr.example/v2",
        scimToken: { secret: token },
        notificationEmail: "provisioning@hr.example",
      }),
      [servicePrincipalId],
    );

    const [stored] = run.afterUp as [Record<string, string>];
    expect(stored["BaseAddress"]).toBe("https://scim.hr.example/v2");
    expect(stored["SecretToken"]).toBe(token);
    expect(JSON.parse(stored["SyncNotificationSettings"] ?? "null")).toEqual({
      Enabled: true,
      Recipients: "provisioning@hr.example",
      DeleteThresholdEnabled: true,
      DeleteThresholdValue: 500,
    });
    expect(run.outputs).toEqual({
      servicePrincipalId,
      managedKeys: ["BaseAddress", "SecretToken", "SyncNotificationSettings"],
    });
    // Plain keys are removed; Graph cannot remove a JSON-valued key, so it is left empty.
    expect(run.afterDestroy).toEqual([{ SyncNotificationSettings: "{}" }]);
    expect(findLeaks(run.transcript, [token, tenant.clientSecret])).toEqual([]);
  });

  it("cloud-sync writes the domain, app key and delete threshold as JSON through beta", async () => {
    const servicePrincipalId = tenant.newServicePrincipal();
    const run = await upAndDestroy(
      "cloud-sync",
      cloudSync,
      exampleConfig("cloud-sync", {
        servicePrincipalId,
        domain: "corp.contoso.example",
        passwordHashSync: "false",
        notificationEmail: "hybrid-identity@contoso.example",
        deleteThreshold: "50",
      }),
      [servicePrincipalId],
    );

    const [stored] = run.afterUp as [Record<string, string>];
    expect(Object.keys(stored).sort()).toEqual(["AppKey", "Domain", "SyncNotificationSettings"]);
    expect(JSON.parse(stored["Domain"] ?? "null")).toEqual({ domain: "corp.contoso.example" });
    expect(JSON.parse(stored["AppKey"] ?? "null")).toEqual({ appKeyScenario: "AD2AADProvisioning" });
    expect(JSON.parse(stored["SyncNotificationSettings"] ?? "null")).toEqual({
      Enabled: true,
      Recipients: "hybrid-identity@contoso.example",
      DeleteThresholdEnabled: true,
      DeleteThresholdValue: 50,
    });
    const writes = tenant.emulator.requestLog().filter((entry) => entry.method === "PUT" && entry.path.includes(servicePrincipalId));
    expect(writes.map((entry) => entry.path.split("/")[1])).toEqual(["beta", "beta"]);
    expect(run.afterDestroy).toEqual([{ AppKey: "{}", Domain: "{}", SyncNotificationSettings: "{}" }]);
  });

  it("many-apps creates one resource per listed app, each with its own token", async () => {
    const hr = tenant.newServicePrincipal();
    const payroll = tenant.newServicePrincipal();
    const tokens = { hr: "example-hr-token-71c2e9ab04", payroll: "example-payroll-token-c83d1f5e96" };
    const run = await upAndDestroy(
      "many-apps",
      manyApps,
      exampleConfig("many-apps", {
        apps: JSON.stringify([
          { name: "hr", servicePrincipalId: hr, baseAddress: "https://scim.hr.example/v2" },
          { name: "payroll", servicePrincipalId: payroll, baseAddress: "https://scim.payroll.example/scim" },
        ]),
        scimTokens: { secret: JSON.stringify(tokens) },
        notificationEmail: "provisioning@contoso.example",
      }),
      [hr, payroll],
    );

    const [storedHr, storedPayroll] = run.afterUp as [Record<string, string>, Record<string, string>];
    expect([storedHr["BaseAddress"], storedHr["SecretToken"]]).toEqual(["https://scim.hr.example/v2", tokens.hr]);
    expect([storedPayroll["BaseAddress"], storedPayroll["SecretToken"]]).toEqual([
      "https://scim.payroll.example/scim",
      tokens.payroll,
    ]);
    expect(run.outputs).toEqual({
      managedKeys: {
        hr: ["BaseAddress", "SecretToken", "SyncNotificationSettings"],
        payroll: ["BaseAddress", "SecretToken", "SyncNotificationSettings"],
      },
    });
    expect(run.afterDestroy).toEqual([{ SyncNotificationSettings: "{}" }, { SyncNotificationSettings: "{}" }]);
    expect(findLeaks(run.transcript, [tokens.hr, tokens.payroll, tenant.clientSecret])).toEqual([]);
  });
});
