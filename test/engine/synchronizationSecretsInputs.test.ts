import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SynchronizationSecretsArgs } from "pulumi-graph-sync";
import { EngineOperationError, EngineStack } from "./harness/engineStack";
import { startEmulatorTenant, type EmulatorTenant } from "./harness/emulatorTenant";
import { installedPackage, loadNative } from "./harness/toolchain";

const { SynchronizationSecrets } = installedPackage();
const passThroughProvider = loadNative<pulumi.dynamic.ResourceProvider>(path.join(__dirname, "fixtures/passThroughProvider.cjs"));

/** A resource whose output is not known in a preview of a fresh stack, like a service principal's object id. */
class PassThrough extends pulumi.dynamic.Resource {
  declare readonly value: pulumi.Output<string>;
  constructor(name: string, seed: string) {
    super(passThroughProvider, name, { seed, value: undefined }, undefined, "test", "PassThrough");
  }
}

let tenant: EmulatorTenant;

beforeAll(async () => {
  tenant = await startEmulatorTenant();
});

afterAll(async () => {
  await tenant?.emulator.close();
});

function totalRequests(): number {
  const counters = tenant.emulator.counters();
  return counters.graphRequestsTotal + Object.values(counters.tokenRequests).reduce((a, b) => a + b, 0);
}

describe("bad input fails the preview, naming the property and key but never the value, before any call", () => {
  let args: SynchronizationSecretsArgs;
  let engine: EngineStack;
  let principal: string;

  beforeAll(async () => {
    principal = tenant.newServicePrincipal();
    engine = await EngineStack.create({
      config: tenant.config,
      program: async () => {
        new SynchronizationSecrets("bad", { ...args });
      },
    });
  });

  afterAll(async () => {
    await engine?.dispose();
  });

  // `value` must never appear. For servicePrincipalId and apiVersion the engine itself quotes the (non-secret)
  // property value in its "property X value {V} has a problem" line, so those cases check our reason only.
  const cases: Array<{ name: string; args: () => SynchronizationSecretsArgs; expected: string[]; value: string; engineQuotes?: true }> = [
    {
      name: "a malformed service principal id",
      args: () => ({ servicePrincipalId: "sp-value-not-a-guid-7731", credentials: { SyncAll: true } }),
      expected: ["servicePrincipalId", "must be the service principal's object id"],
      value: "sp-value-not-a-guid-7731",
      engineQuotes: true,
    },
    {
      name: "a misspelled key, with a suggestion",
      args: () => ({ servicePrincipalId: principal, credentials: { SecretTokn: "token-value-4419aa" } }),
      expected: ["credentials.SecretTokn", 'did you mean \\"SecretToken\\"', "is not a documented secret key name"],
      value: "token-value-4419aa",
    },
    {
      name: "the same key twice, in any case",
      args: () => ({
        servicePrincipalId: principal,
        credentials: [
          { key: "SecretToken", value: "token-value-a-5521" },
          { key: "secrettoken", value: "token-value-b-5522" },
        ],
      }),
      expected: ["credentials[1].key", "declares the same key as credentials[0].key"],
      value: "token-value-b-5522",
    },
    {
      name: "an object for a plain key",
      args: () => ({ servicePrincipalId: principal, credentials: { UserName: { nested: "object-value-9013" } } }),
      expected: ["credentials.UserName", "must be a string, a finite number or a boolean"],
      value: "object-value-9013",
    },
    {
      name: "invalid JSON for a JSON-valued key",
      args: () => ({ servicePrincipalId: principal, credentials: { SyncNotificationSettings: "{json-value-6604" } }),
      expected: ["credentials.SyncNotificationSettings", "the string is not valid JSON"],
      value: "json-value-6604",
    },
    {
      name: "a cleartext http:// base address",
      args: () => ({ servicePrincipalId: principal, credentials: { BaseAddress: "http://insecure-value-2281.example/scim" } }),
      expected: ["credentials.BaseAddress", "must not be a cleartext http:// URL", "unencrypted"],
      value: "insecure-value-2281",
    },
    {
      name: "no keys at all",
      args: () => ({ servicePrincipalId: principal, credentials: {} }),
      expected: ["credentials", "must declare at least one secret key"],
      value: "(none)",
    },
    {
      name: "an unknown API version",
      args: () => ({ servicePrincipalId: principal, credentials: { SyncAll: true }, apiVersion: "v9-value-3390" as "beta" }),
      expected: ["apiVersion", 'must be \\"v1.0\\" or \\"beta\\"'],
      value: "v9-value-3390",
      engineQuotes: true,
    },
  ];

  for (const testCase of cases) {
    it(`rejects ${testCase.name}`, async () => {
      args = testCase.args();
      const before = totalRequests();
      const failure = await engine.preview().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(EngineOperationError);
      const { record, message } = failure as EngineOperationError;
      const shown = `${message}\n${record.stdout}\n${record.stderr}\n${JSON.stringify(record.events)}`;
      for (const text of testCase.expected) {
        expect(shown).toContain(text);
      }
      const reasons = shown.split("\n").filter((line) => line.includes("has a problem"));
      expect(reasons.length).toBeGreaterThan(0);
      for (const line of reasons) {
        const ours = line.slice(line.indexOf("has a problem"));
        expect(ours).not.toContain(testCase.value);
      }
      if (!testCase.engineQuotes) {
        expect(shown).not.toContain(testCase.value);
      }
      expect(totalRequests()).toBe(before);
    });
  }

  it("fails an up the same way, before anything is written", async () => {
    args = cases[1]!.args();
    await expect(engine.up()).rejects.toBeInstanceOf(EngineOperationError);
    expect(totalRequests()).toBe(0);
    expect(tenant.emulator.storedSecrets(principal)).toEqual({});
  });
});

describe("several resources in one stack", () => {
  let engine: EngineStack;
  let first: string;
  let second: string;

  beforeAll(async () => {
    first = tenant.newServicePrincipal();
    second = tenant.newServicePrincipal();
    engine = await EngineStack.create({
      config: tenant.config,
      program: async () => {
        new SynchronizationSecrets("map-form", {
          servicePrincipalId: first,
          credentials: { BaseAddress: "https://first.example/scim", SecretToken: "first-token-1177" },
        });
        // The azuread list form, and a principal id that is another resource's output: unknown in a preview.
        const principal = new PassThrough("principal", second);
        new SynchronizationSecrets("list-form", {
          servicePrincipalId: principal.value,
          credentials: [
            { key: "BaseAddress", value: "https://second.example/scim" },
            { key: "SecretToken", value: pulumi.secret("second-token-2288") },
            { key: "SyncAll", value: true },
          ],
        });
      },
    });
  });

  afterAll(async () => {
    await engine?.dispose();
  });

  it("previews both, the second with its principal id unknown, without calling Graph", async () => {
    tenant.emulator.reset();
    const preview = await engine.preview({ diff: true });
    expect(preview.steps.filter((s) => s.type.endsWith(":SynchronizationSecrets")).map((s) => `${s.name} ${s.op}`).sort()).toEqual([
      "list-form create",
      "map-form create",
    ]);
    expect(preview.stdout).toMatch(/list-form[\s\S]*servicePrincipalId: \[unknown\]/);
    expect(totalRequests()).toBe(0);
  });

  it("creates both on their own principals with one PUT each and one token", async () => {
    await engine.up();
    expect(tenant.emulator.storedSecrets(first)).toEqual({ BaseAddress: "https://first.example/scim", SecretToken: "first-token-1177" });
    expect(tenant.emulator.storedSecrets(second)).toEqual({
      BaseAddress: "https://second.example/scim",
      SecretToken: "second-token-2288",
      SyncAll: "true",
    });
    expect(tenant.emulator.counters().graphRequests).toEqual({ "PUT 204": 2 });
    expect(tenant.emulator.counters().tokenRequests.clientSecret).toBe(1);
    expect((await engine.preview()).changes).toEqual({ same: 4 });
  });

  it("destroys both", async () => {
    await engine.destroy();
    expect(tenant.emulator.storedSecrets(first)).toEqual({});
    expect(tenant.emulator.storedSecrets(second)).toEqual({});
  });
});
