import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import type { SynchronizationSecretsArgs } from "pulumi-graph-sync";
import { EngineStack, type OperationRecord } from "./harness/engineStack";
import { startEmulatorTenant, type EmulatorTenant } from "./harness/emulatorTenant";
import { findLeaks, SDK_RPC_TRACE, withoutSdkRpcTraces } from "./harness/leakScan";
import { previewJson } from "./harness/jsonPreview";
import { installedPackage } from "./harness/toolchain";

// One stack, one resource, walked through its whole life on the real engine; each step builds on the previous one.
const { SynchronizationSecrets } = installedPackage();

const TOKEN = "scim-token-8d1f7c2a9e44";
const ROTATED_TOKEN = "scim-token-rotated-5b3e90c1d7";
const BASE_ADDRESS = "https://scim.lifecycle.example/v2";
const NOTIFICATIONS = { Enabled: true, Recipients: "provisioning-alerts@lifecycle.example", DeleteThresholdEnabled: true, DeleteThresholdValue: 50 };
const FOREIGN = { UserName: "portal-user", Password: "portal-password-4471" };

let tenant: EmulatorTenant;
let engine: EngineStack;
let firstPrincipal: string;
let secondPrincipal: string;
let args: SynchronizationSecretsArgs;
const jsonPreviews: string[] = [];

const program = async () => {
  const secrets = new SynchronizationSecrets("scim", { ...args });
  return { keys: secrets.keys, servicePrincipalId: secrets.servicePrincipalId, apiVersion: secrets.apiVersion };
};

function graphRequests(): Record<string, number> {
  return { ...tenant.emulator.counters().graphRequests };
}

/** The SDK's own RPC traces (see `SDK_RPC_TRACE`): debug diagnostics of the program runtime. */
function isSdkRpcTrace(event: EngineEvent): boolean {
  const diagnostic = event.diagnosticEvent;
  // The typings list no "debug" severity, but the engine sends it for the program's debug diagnostics.
  return (diagnostic?.severity as string | undefined) === "debug" && SDK_RPC_TRACE.test(diagnostic?.message ?? "");
}

function stateOfScim() {
  return engine.resources().find((r) => r.urn.endsWith("::scim"));
}

function resourceStep(record: OperationRecord) {
  return record.steps.filter((s) => s.name === "scim").map((s) => s.op);
}

beforeAll(async () => {
  tenant = await startEmulatorTenant();
  firstPrincipal = tenant.newServicePrincipal();
  secondPrincipal = tenant.newServicePrincipal();
  tenant.emulator.setStoredSecrets(firstPrincipal, FOREIGN);
  args = {
    // The azuread id form: normalized to the GUID.
    servicePrincipalId: `/servicePrincipals/${firstPrincipal}`,
    credentials: { BaseAddress: BASE_ADDRESS, SecretToken: TOKEN, SyncNotificationSettings: NOTIFICATIONS },
  };
  engine = await EngineStack.create({ program, config: tenant.config, env: { GRAPHSYNC_DEBUG: "1" } });
});

afterAll(async () => {
  await engine?.dispose();
  await tenant?.emulator.close();
});

describe("SynchronizationSecrets through the real engine", () => {
  it("previews a fresh stack with the key names visible, no value, no Graph call and no token", async () => {
    const preview = await engine.preview({ diff: true });
    expect(resourceStep(preview)).toEqual(["create"]);
    expect(preview.stdout).toMatch(/keys\s*:\s*\[\s*\[0\]: "BaseAddress"\s*\[1\]: "SecretToken"\s*\[2\]: "SyncNotificationSettings"/);
    expect(preview.stdout).toContain("credentials       : [secret]");
    expect(tenant.emulator.counters().graphRequestsTotal).toBe(0);
    expect(Object.values(tenant.emulator.counters().tokenRequests).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it("creates with one PUT and one token, leaving the principal's other keys alone", async () => {
    const up = await engine.up();
    expect(resourceStep(up)).toEqual(["create"]);
    expect(tenant.emulator.storedSecrets(firstPrincipal)).toEqual({
      ...FOREIGN,
      BaseAddress: BASE_ADDRESS,
      SecretToken: TOKEN,
      SyncNotificationSettings:
        '{"DeleteThresholdEnabled":true,"DeleteThresholdValue":50,"Enabled":true,"Recipients":"provisioning-alerts@lifecycle.example"}',
    });
    // Trusting the write: no GET polling after the PUT.
    expect(graphRequests()).toEqual({ "PUT 204": 1 });
    expect(tenant.emulator.counters().tokenRequests.clientSecret).toBe(1);

    const outputs = await engine.stack.outputs();
    expect(outputs["keys"]?.value).toEqual(["BaseAddress", "SecretToken", "SyncNotificationSettings"]);
    expect(outputs["servicePrincipalId"]?.value).toBe(firstPrincipal);
    expect(outputs["apiVersion"]?.value).toBe("v1.0");
  });

  it("stores every value as a secret and a tiny provider shim with no version in state", async () => {
    const resource = engine.resources().find((r) => r.urn.endsWith("::scim"));
    expect(resource?.id).toBe(`/servicePrincipals/${firstPrincipal}/synchronization/secrets`);
    for (const properties of [resource?.inputs, resource?.outputs]) {
      expect(properties?.["keys"]).toEqual(["BaseAddress", "SecretToken", "SyncNotificationSettings"]);
      expect(properties?.["credentials"]).toHaveProperty("ciphertext");
      const shim = properties?.["__provider"];
      expect(typeof shim).toBe("string");
      expect((shim as string).length).toBeLessThanOrEqual(1024);
      expect(shim).toContain('require("pulumi-graph-sync/shim")');
      expect(shim).not.toMatch(/\d+\.\d+\.\d+/);
    }
  });

  it("previews an unchanged stack as no change, without calling Graph", async () => {
    const before = tenant.emulator.counters().graphRequestsTotal;
    const preview = await engine.preview();
    expect(resourceStep(preview)).toEqual(["same"]);
    expect(preview.changes).toEqual({ same: 2 });
    jsonPreviews.push((await previewJson(engine.stack, program)).text);
    expect(tenant.emulator.counters().graphRequestsTotal).toBe(before);
  });

  it("adds a key with one PUT", async () => {
    args = { ...args, credentials: { ...(args.credentials as object), SyncAll: false } };
    const up = await engine.up({ verbose: true });
    expect(up.stderr.length).toBeGreaterThan(10_000); // the -v=9 log really is in the scan below
    expect(resourceStep(up)).toEqual(["update"]);
    expect(tenant.emulator.storedSecrets(firstPrincipal)?.["SyncAll"]).toBe("false");
    expect(graphRequests()["PUT 204"]).toBe(2);
  });

  it("rotates a secret value", async () => {
    args = { ...args, credentials: { ...(args.credentials as object), SecretToken: ROTATED_TOKEN } };
    const preview = await engine.preview({ diff: true });
    expect(resourceStep(preview)).toEqual(["update"]);
    await engine.up();
    expect(tenant.emulator.storedSecrets(firstPrincipal)?.["SecretToken"]).toBe(ROTATED_TOKEN);
  });

  it("removes a plain key and clears a JSON-valued key to {} with a warning", async () => {
    args = { ...args, credentials: { BaseAddress: BASE_ADDRESS, SecretToken: ROTATED_TOKEN } };
    const up = await engine.up();
    const stored = tenant.emulator.storedSecrets(firstPrincipal);
    expect(stored).not.toHaveProperty("SyncAll");
    expect(stored?.["SyncNotificationSettings"]).toBe("{}");
    expect(stored).toMatchObject(FOREIGN);
    expect(up.stdout).toContain('key SyncNotificationSettings set to "{}"');
    expect((await engine.stack.outputs())["keys"]?.value).toEqual(["BaseAddress", "SecretToken"]);
  });

  it("switches the API version with an update and reads through it afterwards", async () => {
    args = { ...args, apiVersion: "beta" };
    const putsBefore = graphRequests()["PUT 204"];
    const up = await engine.up();
    expect(resourceStep(up)).toEqual(["update"]);
    expect((await engine.stack.outputs())["apiVersion"]?.value).toBe("beta");
    // Nothing to write: the keys and values did not change.
    expect(graphRequests()["PUT 204"]).toBe(putsBefore);
    tenant.emulator.reset();
    await engine.refresh();
    expect(tenant.emulator.requestLog().filter((e) => e.surface === "graph").map((e) => `${e.method} ${e.path.split("/")[1]}`)).toEqual([
      "GET beta",
    ]);
  });

  it("shows a key removed out of band after refresh, and restores it", async () => {
    tenant.emulator.setStoredSecrets(firstPrincipal, { BaseAddress: "" });
    const refresh = await engine.refresh();
    expect(refresh.changes["update"]).toBe(1);
    expect(refresh.stdout).toContain(`key BaseAddress missing on service principal ${firstPrincipal}`);
    expect(stateOfScim()?.outputs["keys"]).toEqual(["SecretToken"]);

    const preview = await engine.preview();
    expect(resourceStep(preview)).toEqual(["update"]);
    await engine.up();
    expect(tenant.emulator.storedSecrets(firstPrincipal)?.["BaseAddress"]).toBe(BASE_ADDRESS);
    expect((await engine.preview()).changes).toEqual({ same: 2 });
  });

  it("shows a clear-text value changed out of band as drift, and restores it", async () => {
    tenant.emulator.setStoredSecrets(firstPrincipal, { BaseAddress: "https://elsewhere.example/scim" });
    const refresh = await engine.refresh();
    expect(refresh.changes["update"]).toBe(1);
    expect(refresh.stdout).toContain(`key BaseAddress changed outside Pulumi on service principal ${firstPrincipal}`);
    expect(resourceStep(await engine.preview())).toEqual(["update"]);
    await engine.up();
    expect(tenant.emulator.storedSecrets(firstPrincipal)?.["BaseAddress"]).toBe(BASE_ADDRESS);
  });

  it("leaves a refresh with nothing to report when only a masked value changed (Graph hides it)", async () => {
    tenant.emulator.setStoredSecrets(firstPrincipal, { SecretToken: "changed-in-the-portal-7781" });
    const refresh = await engine.refresh();
    expect(refresh.changes["update"] ?? 0).toBe(0);
    expect((await engine.preview()).changes).toEqual({ same: 2 });
    tenant.emulator.setStoredSecrets(firstPrincipal, { SecretToken: ROTATED_TOKEN });
  });

  it("moves to another service principal: writes the new one, then clears the old one", async () => {
    args = {
      servicePrincipalId: secondPrincipal,
      credentials: { BaseAddress: BASE_ADDRESS, SecretToken: ROTATED_TOKEN, SyncNotificationSettings: NOTIFICATIONS },
    };
    const preview = await engine.preview();
    expect(resourceStep(preview)).toEqual(["create-replacement", "replace", "delete-replaced"]);
    await engine.up();
    expect(Object.keys(tenant.emulator.storedSecrets(secondPrincipal) ?? {}).sort()).toEqual([
      "BaseAddress",
      "SecretToken",
      "SyncNotificationSettings",
    ]);
    const old = tenant.emulator.storedSecrets(firstPrincipal);
    expect(old).not.toHaveProperty("BaseAddress");
    expect(old).not.toHaveProperty("SecretToken");
    expect(old).toMatchObject(FOREIGN);
  });

  it("destroys a resource holding a JSON-valued key", async () => {
    const destroy = await engine.destroy();
    expect(destroy.changes["delete"]).toBe(2);
    expect(tenant.emulator.storedSecrets(secondPrincipal)).toEqual({ SyncNotificationSettings: "{}" });
    expect(tenant.emulator.storedSecrets(firstPrincipal)).toMatchObject(FOREIGN);
    expect(engine.resources()).toEqual([]);
  });

  it("never shows a value: not in any output, event, JSON preview, debug log, or state file after any step", async () => {
    const places: Record<string, string> = {};
    engine.history.forEach((record, index) => {
      places[`${record.kind} #${index} stdout`] = record.stdout;
      places[`${record.kind} #${index} stderr`] = withoutSdkRpcTraces(record.stderr);
      places[`${record.kind} #${index} engine events`] = JSON.stringify(record.events.filter((e) => !isSdkRpcTrace(e)));
      // The state as every step left it, history and backups included: not only the empty one after destroy.
      for (const [file, text] of Object.entries(record.backendFiles)) {
        places[`${record.kind} #${index} backend file ${file}`] = text;
      }
    });
    jsonPreviews.forEach((text, index) => (places[`preview --json #${index}`] = text));
    expect(engine.history.length).toBeGreaterThan(15);
    expect(jsonPreviews).toHaveLength(1);
    const stateFiles = Object.keys(places).filter((place) => place.includes(" backend file "));
    expect(stateFiles.some((place) => place.includes("/history/"))).toBe(true);
    expect(stateFiles.some((place) => place.includes("/backups/"))).toBe(true);
    // The scan reads real state: a resource's checkpoint holds the key names in clear and the values as ciphertext.
    expect(Object.entries(places).some(([place, text]) => place.includes("/stacks/") && text.includes('"SyncNotificationSettings"'))).toBe(true);
    const leaks = findLeaks(places, [TOKEN, ROTATED_TOKEN, BASE_ADDRESS, tenant.clientSecret, NOTIFICATIONS.Recipients, FOREIGN.Password]);
    expect(leaks).toEqual([]);
  });
});
