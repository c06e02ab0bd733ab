import type { ConfigMap } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator, type RegisteredApp } from "../emulator";
import { GUARD_ENVIRONMENT, isolateCredentialEnvironment } from "./fixtures/authEnvironment";
import { expectEngineFailure, placesShown, placesWithJwt } from "./fixtures/authOutcome";
import { emulatorEndpointConfig } from "./harness/emulatorTenant";
import { EngineStack, type OperationRecord } from "./harness/engineStack";
import { findLeaks } from "./harness/leakScan";
import { installedPackage } from "./harness/toolchain";

// Settings reach the provider process two ways: stack config through `configure`, and the environment the CLI
// passes on. Each step changes where the credential comes from and proves, through the emulator, whose token wrote.
const { SynchronizationSecrets } = installedPackage();

let restoreEnvironment: () => void;

beforeAll(() => {
  restoreEnvironment = isolateCredentialEnvironment();
});

afterAll(() => {
  restoreEnvironment();
});

function clientSecretOf(app: RegisteredApp): string {
  if (app.clientSecret === undefined) {
    throw new Error(`the emulator registered ${app.clientId} without a client secret`);
  }
  return app.clientSecret;
}

function stepsOf(record: OperationRecord, name: string): string[] {
  return record.steps.filter((step) => step.name === name).map((step) => step.op);
}

describe("credential settings through the engine, each source over the ones below it", () => {
  // Four apps may each write only to principals they own, so a write succeeds only with the token of the app that
  // owns the principal at that moment: the one whose credentials must win.
  let emulator: Emulator;
  let engine: EngineStack;
  let principal: string;
  let owner: RegisteredApp | undefined;
  let apps: Record<"graphsync" | "azuread" | "arm" | "azure", RegisteredApp>;
  let secretToken = "";
  const writtenTokens: string[] = [];

  function writeWith(app: RegisteredApp, token: string): void {
    if (owner !== undefined) {
      emulator.removeServicePrincipalOwner(principal, owner.clientId);
    }
    emulator.addServicePrincipalOwner(principal, app.clientId);
    owner = app;
    secretToken = token;
    writtenTokens.push(token);
  }

  function setEnvironment(values: Record<string, string>): void {
    Object.assign(engine.stack.workspace.envVars, values);
  }

  beforeAll(async () => {
    emulator = await startEmulator();
    const register = () => emulator.registerApp({ roles: ["Application.ReadWrite.OwnedBy"] });
    apps = { graphsync: register(), azuread: register(), arm: register(), azure: register() };
    principal = emulator.createServicePrincipal();
    engine = await EngineStack.create({
      program: async () => {
        new SynchronizationSecrets("precedence", {
          servicePrincipalId: principal,
          credentials: { BaseAddress: "https://scim.precedence.example/scim", SecretToken: secretToken },
        });
      },
      // Only where Graph and Entra are: endpoints have no azuread: or environment form besides AZURE_AUTHORITY_HOST.
      config: emulatorEndpointConfig(emulator),
      env: { ...GUARD_ENVIRONMENT },
    });
  });

  afterAll(async () => {
    await engine?.dispose();
    await emulator?.close();
  });

  it("signs in with AZURE_* variables when nothing else names a credential", async () => {
    writeWith(apps.azure, "token-from-azure-variables-5120");
    setEnvironment({
      AZURE_TENANT_ID: emulator.tenantId,
      AZURE_CLIENT_ID: apps.azure.clientId,
      AZURE_CLIENT_SECRET: clientSecretOf(apps.azure),
    });
    const up = await engine.up();
    expect(stepsOf(up, "precedence")).toEqual(["create"]);
    expect(emulator.storedSecrets(principal)?.["SecretToken"]).toBe("token-from-azure-variables-5120");
    expect(emulator.counters().tokenRequests.clientSecret).toBe(1);
  });

  it("prefers ARM_* variables over AZURE_* ones", async () => {
    writeWith(apps.arm, "token-from-arm-variables-5121");
    setEnvironment({
      ARM_TENANT_ID: emulator.tenantId,
      ARM_CLIENT_ID: apps.arm.clientId,
      ARM_CLIENT_SECRET: clientSecretOf(apps.arm),
    });
    const up = await engine.up();
    expect(stepsOf(up, "precedence")).toEqual(["update"]);
    expect(emulator.storedSecrets(principal)?.["SecretToken"]).toBe("token-from-arm-variables-5121");
    expect(emulator.counters().tokenRequests.clientSecret).toBe(2);
  });

  it("prefers azuread: stack config over the environment", async () => {
    writeWith(apps.azuread, "token-from-azuread-config-5122");
    await engine.stack.setAllConfig({
      "azuread:tenantId": { value: emulator.tenantId },
      "azuread:clientId": { value: apps.azuread.clientId },
      "azuread:clientSecret": { value: clientSecretOf(apps.azuread), secret: true },
    });
    await engine.up();
    expect(emulator.storedSecrets(principal)?.["SecretToken"]).toBe("token-from-azuread-config-5122");
  });

  it("prefers graphsync: stack config over azuread: config and the environment", async () => {
    writeWith(apps.graphsync, "token-from-graphsync-config-5123");
    await engine.stack.setAllConfig({
      "graphsync:tenantId": { value: emulator.tenantId },
      "graphsync:clientId": { value: apps.graphsync.clientId },
      "graphsync:clientSecret": { value: clientSecretOf(apps.graphsync), secret: true },
    });
    await engine.up();
    expect(emulator.storedSecrets(principal)?.["SecretToken"]).toBe("token-from-graphsync-config-5123");
    expect(emulator.counters().tokenRequests.clientSecret).toBe(4);
  });

  it("resolves each setting on its own: the graphsync: app with the azuread: secret is refused by Entra", async () => {
    secretToken = "token-never-written-5124";
    await engine.stack.removeConfig("graphsync:clientSecret");
    const { shown } = await expectEngineFailure(engine.up());
    expect(shown).toContain("Authentication failed with the client secret");
    expect(shown).toContain(`client ${apps.graphsync.clientId}`);
    expect(shown).toContain("AADSTS7000215");
    expect(emulator.counters().tokenRequests.clientSecret).toBe(5);
    expect(emulator.storedSecrets(principal)?.["SecretToken"]).toBe("token-from-graphsync-config-5123");
  });

  it("never shows a client secret, a written value or a token", () => {
    const places = placesShown(engine);
    const secrets = [...Object.values(apps).map(clientSecretOf), ...writtenTokens, "token-never-written-5124"];
    expect(findLeaks(places, secrets)).toEqual([]);
    expect(placesWithJwt(places)).toEqual([]);
  });
});

describe("the cloud through the engine, and a token for the wrong cloud", () => {
  // The emulator stands in for US Government: its Graph accepts only tokens for https://graph.microsoft.us. The stack
  // sends requests to the emulator in every step; only the configured cloud decides which Graph the token is for.
  let emulator: Emulator;
  let engine: EngineStack;
  let app: RegisteredApp;
  let principal: string;
  let secretToken = "";

  beforeAll(async () => {
    emulator = await startEmulator({ cloud: "usgovernment" });
    app = emulator.registerApp({ roles: ["Synchronization.ReadWrite.All"] });
    principal = emulator.createServicePrincipal();
    const config: ConfigMap = {
      "graphsync:graphEndpoint": { value: emulator.graphEndpoint },
      "graphsync:authorityHost": { value: emulator.authorityHost },
      // A named cloud's tokens reach the emulator on loopback only through the opt-in.
      "graphsync:allowNonCloudEndpoints": { value: "true" },
      // The credential and the cloud as an existing @pulumi/azuread stack has them, in azuread's spelling.
      "azuread:environment": { value: "global" },
      "azuread:tenantId": { value: emulator.tenantId },
      "azuread:clientId": { value: app.clientId },
      "azuread:clientSecret": { value: clientSecretOf(app), secret: true },
    };
    engine = await EngineStack.create({
      program: async () => {
        new SynchronizationSecrets("cloud", { servicePrincipalId: principal, credentials: { SecretToken: secretToken } });
      },
      config,
      env: { ...GUARD_ENVIRONMENT },
    });
  });

  afterAll(async () => {
    await engine?.dispose();
    await emulator?.close();
  });

  it("fails the up with Graph's InvalidAuthenticationToken when the token is for another cloud's Graph", async () => {
    secretToken = "token-for-the-wrong-cloud-6230";
    const { shown } = await expectEngineFailure(engine.up());
    expect(shown).toContain("401 InvalidAuthenticationToken");
    expect(shown).toContain("was issued for another cloud or audience");
    // Entra issued a token; Graph refused it and nothing was written.
    expect(emulator.counters().tokenRequests.clientSecret).toBe(1);
    expect(emulator.counters().graphRequests["PUT 401"]).toBeGreaterThanOrEqual(1);
    expect(emulator.counters().graphRequests["PUT 204"]).toBeUndefined();
    expect(emulator.storedSecrets(principal)).toEqual({});
    expect(findLeaks({ shown }, [clientSecretOf(app), secretToken])).toEqual([]);
  });

  it("succeeds once graphsync:cloud names the right cloud, over azuread:environment", async () => {
    secretToken = "token-for-us-government-6231";
    await engine.stack.setConfig("graphsync:cloud", { value: "usgovernment" });
    const up = await engine.up();
    expect(stepsOf(up, "cloud")).toEqual(["create"]);
    expect(emulator.storedSecrets(principal)).toEqual({ SecretToken: "token-for-us-government-6231" });
  });

  it("takes the cloud from azuread:environment alone, in azuread's spelling", async () => {
    secretToken = "token-for-us-government-l4-6232";
    await engine.stack.removeConfig("graphsync:cloud");
    await engine.stack.setConfig("azuread:environment", { value: "usgovernmentl4" });
    const up = await engine.up();
    expect(stepsOf(up, "cloud")).toEqual(["update"]);
    expect(emulator.storedSecrets(principal)).toEqual({ SecretToken: "token-for-us-government-l4-6232" });
    expect(emulator.counters().graphRequests["PUT 204"]).toBe(2);
  });

  it("never shows the client secret, a written value or a token", () => {
    const places = placesShown(engine);
    const secrets = [clientSecretOf(app), "token-for-the-wrong-cloud-6230", "token-for-us-government-6231", "token-for-us-government-l4-6232"];
    expect(findLeaks(places, secrets)).toEqual([]);
    expect(placesWithJwt(places)).toEqual([]);
  });
});
