import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GUARD_ENVIRONMENT, isolateCredentialEnvironment } from "./fixtures/authEnvironment";
import { startEmulatorTenant, type EmulatorTenant } from "./harness/emulatorTenant";
import { EngineStack } from "./harness/engineStack";
import { installedPackage } from "./harness/toolchain";

// Each CLI operation starts one dynamic-provider process, which holds one credential and one token cache for every
// resource it touches. Measured here: token requests at the emulator's token endpoint per operation, for 50 resources.
// The stack is configured through graphsync: keys alone, with no credential variable in the environment.
const { SynchronizationSecrets } = installedPackage();

const RESOURCES = 50;

let restoreEnvironment: () => void;
let tenant: EmulatorTenant;
let engine: EngineStack;
let principals: string[];

beforeAll(async () => {
  restoreEnvironment = isolateCredentialEnvironment();
  tenant = await startEmulatorTenant();
  principals = Array.from({ length: RESOURCES }, () => tenant.newServicePrincipal());
  engine = await EngineStack.create({
    program: async () => {
      principals.forEach((servicePrincipalId, index) => {
        new SynchronizationSecrets(`app-${index}`, {
          servicePrincipalId,
          credentials: { BaseAddress: `https://scim-${index}.reuse.example/scim`, SecretToken: `reuse-token-${index}` },
        });
      });
    },
    config: tenant.config,
    env: { ...GUARD_ENVIRONMENT },
  });
});

afterAll(async () => {
  await engine?.dispose();
  await tenant?.emulator.close();
  restoreEnvironment?.();
});

/** Exactly one token request since the last reset, of the kind the stack's client secret makes. */
function expectOneTokenRequest(): void {
  const requests = tenant.emulator.counters().tokenRequests;
  expect(requests.clientSecret).toBe(1);
  expect(Object.values(requests).reduce((sum, count) => sum + count, 0)).toBe(1);
}

describe("one token per provider process, however many resources", () => {
  it("creates 50 resources on 50 principals with one token request", async () => {
    tenant.emulator.reset();
    const up = await engine.up();
    expect(up.changes["create"]).toBe(RESOURCES + 1);
    expect(tenant.emulator.counters().graphRequests).toEqual({ "PUT 204": RESOURCES });
    expectOneTokenRequest();
    expect(tenant.emulator.storedSecrets(principals[RESOURCES - 1] ?? "")).toEqual({
      BaseAddress: `https://scim-${RESOURCES - 1}.reuse.example/scim`,
      SecretToken: `reuse-token-${RESOURCES - 1}`,
    });
  });

  it("refreshes them with one token request", async () => {
    tenant.emulator.reset();
    const refresh = await engine.refresh();
    expect(refresh.changes["update"] ?? 0).toBe(0);
    expect(tenant.emulator.counters().graphRequests).toEqual({ "GET 200": RESOURCES });
    expectOneTokenRequest();
  });

  it("destroys them with one token request", async () => {
    tenant.emulator.reset();
    const destroy = await engine.destroy();
    expect(destroy.changes["delete"]).toBe(RESOURCES + 1);
    expect(tenant.emulator.counters().graphRequests).toEqual({ "PUT 204": RESOURCES });
    expectOneTokenRequest();
    expect(principals.filter((id) => Object.keys(tenant.emulator.storedSecrets(id) ?? {}).length > 0)).toEqual([]);
  });
});
