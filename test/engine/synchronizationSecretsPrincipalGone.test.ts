import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EngineStack } from "./harness/engineStack";
import { startEmulatorTenant, type EmulatorTenant } from "./harness/emulatorTenant";
import { installedPackage } from "./harness/toolchain";

const { SynchronizationSecrets } = installedPackage();

describe("a service principal deleted outside Pulumi", () => {
  let tenant: EmulatorTenant;
  let engine: EngineStack;
  let refreshed: string;
  let destroyed: string;

  beforeAll(async () => {
    tenant = await startEmulatorTenant();
    refreshed = tenant.newServicePrincipal();
    destroyed = tenant.newServicePrincipal();
    engine = await EngineStack.create({
      config: tenant.config,
      program: async () => {
        for (const [name, principal] of [["refreshed", refreshed], ["destroyed", destroyed]] as const) {
          new SynchronizationSecrets(name, {
            servicePrincipalId: principal,
            credentials: { SecretToken: `${name}-token-6620`, SyncNotificationSettings: { Enabled: false } },
          });
        }
      },
    });
    await engine.up();
  });

  afterAll(async () => {
    await engine?.dispose();
    await tenant?.emulator.close();
  });

  it("leaves the stack on refresh, at once: a 404 of a principal that existed is not retried", async () => {
    tenant.emulator.deleteServicePrincipal(refreshed);
    tenant.emulator.reset();
    const refresh = await engine.refresh();
    expect(refresh.changes["delete"]).toBe(1);
    expect(refresh.stdout).toContain(`service principal ${refreshed} no longer exists`);
    expect(engine.resources().map((r) => r.urn.split("::").pop())).not.toContain("refreshed");
    // One GET per resource: the 404 was not retried for the consistency window.
    expect(tenant.emulator.counters().graphRequests).toEqual({ "GET 200": 1, "GET 404": 1 });
  });

  it("counts as deleted on destroy, and says so", async () => {
    tenant.emulator.deleteServicePrincipal(destroyed);
    const destroy = await engine.destroy();
    expect(destroy.changes["delete"]).toBe(2);
    expect(destroy.stdout).toContain(`service principal ${destroyed} no longer exists; there were no synchronization secrets left to clear`);
    expect(engine.resources()).toEqual([]);
  });
});
