import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator, type RegisteredApp } from "../emulator";
import { GUARD_ENVIRONMENT, isolateCredentialEnvironment } from "./fixtures/authEnvironment";
import { expectEngineFailure, placesShown, placesWithJwt } from "./fixtures/authOutcome";
import { emulatorEndpointConfig, emulatorStackConfig } from "./harness/emulatorTenant";
import { EngineStack } from "./harness/engineStack";
import { findLeaks } from "./harness/leakScan";
import { installedPackage } from "./harness/toolchain";

// What a user sees through the engine when the identity may not write, or when there is no credential at all.
const { SynchronizationSecrets } = installedPackage();

let restoreEnvironment: () => void;
let emulator: Emulator;

beforeAll(async () => {
  restoreEnvironment = isolateCredentialEnvironment();
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator?.close();
  restoreEnvironment?.();
});

function totalTokenRequests(): number {
  return Object.values(emulator.counters().tokenRequests).reduce((sum, count) => sum + count, 0);
}

describe("an identity without the permission to write", () => {
  // Application.ReadWrite.OwnedBy without owning the principal: Entra issues the token, Graph refuses the write.
  let app: RegisteredApp;
  let clientSecret: string;
  let principal: string;
  let engine: EngineStack;
  const SECRET_TOKEN = "scim-token-denied-8801";

  beforeAll(async () => {
    app = emulator.registerApp({ roles: ["Application.ReadWrite.OwnedBy"] });
    clientSecret = app.clientSecret ?? "";
    expect(clientSecret).not.toBe("");
    principal = emulator.createServicePrincipal();
    engine = await EngineStack.create({
      program: async () => {
        new SynchronizationSecrets("denied", { servicePrincipalId: principal, credentials: { SecretToken: SECRET_TOKEN } });
      },
      // A write waits out a denial for the consistency window, in case the principal was created moments ago and is
      // still replicating; this stack creates none, so it turns the wait off, as the README advises.
      config: { ...emulatorStackConfig(emulator, app.clientId, clientSecret), "graphsync:consistencyWindow": { value: "0s" } },
      env: { ...GUARD_ENVIRONMENT },
    });
  });

  afterAll(async () => {
    await engine?.dispose();
  });

  it("fails the up naming the permission and the service principal, when Graph answers 401 with no message", async () => {
    emulator.reset();
    const { shown } = await expectEngineFailure(engine.up());
    expect(shown).toContain(`Microsoft Graph denied PUT /v1.0/servicePrincipals/${principal}/synchronization/secrets (401 UnknownError)`);
    expect(shown).toContain("needs the Microsoft Graph application permission Synchronization.ReadWrite.All");
    expect(shown).toContain(`Application.ReadWrite.OwnedBy together with ownership of the service principal ${principal}`);
    expect(shown).toContain("A service principal created moments ago may still be replicating; graphsync:consistencyWindow is 0 s, so the client did not wait for it.");
    expect(emulator.counters().tokenRequests.clientSecret).toBe(1);
    expect(emulator.counters().graphRequests).toEqual({ "PUT 401": 1 });
    expect(emulator.storedSecrets(principal)).toEqual({});
    expect(findLeaks({ shown }, [clientSecret, SECRET_TOKEN])).toEqual([]);
  });

  it("says the same when Graph answers 403 Authorization_RequestDenied", async () => {
    emulator.configure({ permissionDenied: "403-authorization-denied" });
    emulator.reset();
    const { shown } = await expectEngineFailure(engine.up());
    expect(shown).toContain(`Microsoft Graph denied PUT /v1.0/servicePrincipals/${principal}/synchronization/secrets (403 Authorization_RequestDenied)`);
    expect(shown).toContain("needs the Microsoft Graph application permission Synchronization.ReadWrite.All");
    expect(shown).toContain(`ownership of the service principal ${principal}`);
    expect(emulator.counters().graphRequests).toEqual({ "PUT 403": 1 });
    expect(emulator.storedSecrets(principal)).toEqual({});
    expect(findLeaks({ shown }, [clientSecret, SECRET_TOKEN])).toEqual([]);
  });

  it("writes once the identity owns the service principal", async () => {
    emulator.addServicePrincipalOwner(principal, app.clientId);
    await engine.up();
    expect(emulator.storedSecrets(principal)).toEqual({ SecretToken: SECRET_TOKEN });
  });

  it("never shows the client secret, the value or a token", () => {
    const places = placesShown(engine);
    expect(findLeaks(places, [clientSecret, SECRET_TOKEN])).toEqual([]);
    expect(placesWithJwt(places)).toEqual([]);
  });
});

describe("no credential at all", () => {
  // Nothing names a credential, so the plan is DefaultAzureCredential; GUARD_ENVIRONMENT narrows it to
  // EnvironmentCredential, which finds no variables (isolateCredentialEnvironment removed them) and asks nobody.
  let principal: string;
  let engine: EngineStack;

  beforeAll(async () => {
    principal = emulator.createServicePrincipal();
    engine = await EngineStack.create({
      program: async () => {
        new SynchronizationSecrets("anonymous", { servicePrincipalId: principal, credentials: { SyncAll: false } });
      },
      // Endpoints only, on the emulator: should anything ask for a token after all, it would be counted there.
      config: emulatorEndpointConfig(emulator),
      env: { ...GUARD_ENVIRONMENT },
    });
  });

  afterAll(async () => {
    await engine?.dispose();
  });

  it("previews without a credential, a token or a Graph call", async () => {
    emulator.reset();
    const preview = await engine.preview();
    expect(preview.steps.filter((step) => step.name === "anonymous").map((step) => step.op)).toEqual(["create"]);
    expect(totalTokenRequests()).toBe(0);
    expect(emulator.counters().graphRequestsTotal).toBe(0);
    expect(emulator.requestLog()).toEqual([]);
  });

  it("fails the up listing what was tried and where each missing setting can be set", async () => {
    emulator.reset();
    const { shown } = await expectEngineFailure(engine.up());
    expect(shown).toContain("No usable credential for Microsoft Graph. Tried, in order:");
    expect(shown).toContain("  - client secret: needs tenantId, clientId, clientSecret");
    expect(shown).toContain("  - OIDC token request (GitHub Actions): needs tenantId, clientId, oidcRequestUrl, oidcRequestToken");
    expect(shown).toContain("  - managed identity: needs useMsi = true");
    // The chain held EnvironmentCredential alone: AZURE_TOKEN_CREDENTIALS reached the provider process.
    expect(shown).toContain("  - DefaultAzureCredential: EnvironmentCredential unavailable");
    expect(shown).toContain("  - tenantId: graphsync:tenantId, azuread:tenantId, ARM_TENANT_ID, AZURE_TENANT_ID");
    expect(shown).toContain("  - clientSecret: graphsync:clientSecret, azuread:clientSecret, ARM_CLIENT_SECRET, AZURE_CLIENT_SECRET");
    expect(emulator.requestLog()).toEqual([]);
    expect(emulator.storedSecrets(principal)).toEqual({});
  });
});
