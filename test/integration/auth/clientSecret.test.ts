import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { type Emulator, startEmulator } from "../../emulator";
import { createAccessTokenSource } from "../../../provider/auth/tokenSource";
import { AuthenticationFailedError } from "../../../provider/auth/errors";
import { claimsOf, emulatorSettings, everythingShown, graphStatus, rejectionOf } from "./authHarness";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ cloud: "public" });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  emulator.reset();
});

describe("client secret against the emulator", () => {
  it("gets a token for the cloud's Graph that Graph accepts", async () => {
    const app = emulator.registerApp({ roles: ["Synchronization.ReadWrite.All"] });
    const servicePrincipalId = emulator.createServicePrincipal();
    const settings = emulatorSettings(emulator, {
      "graphsync:tenantId": emulator.tenantId,
      "graphsync:clientId": app.clientId,
      "graphsync:clientSecret": app.clientSecret ?? "",
    });
    expect(settings.credential.kind).toBe("clientSecret");

    const token = await createAccessTokenSource(settings).getAccessToken();

    expect(claimsOf(token)).toMatchObject({ aud: "https://graph.microsoft.com", appid: app.clientId, tid: emulator.tenantId });
    expect(await graphStatus(emulator, token, servicePrincipalId)).toBe(200);
    expect(emulator.counters().tokenRequests.clientSecret).toBe(1);
  });

  it("asks Entra once for 20 concurrent callers and 50 later ones", async () => {
    const app = emulator.registerApp({ roles: ["Synchronization.ReadWrite.All"] });
    const tokens = createAccessTokenSource(
      emulatorSettings(emulator, {}, {
        ARM_TENANT_ID: emulator.tenantId,
        ARM_CLIENT_ID: app.clientId,
        ARM_CLIENT_SECRET: app.clientSecret ?? "",
      }),
    );

    const concurrent = await Promise.all(Array.from({ length: 20 }, () => tokens.getAccessToken()));
    const later: string[] = [];
    for (let index = 0; index < 50; index += 1) {
      later.push(await tokens.getAccessToken());
    }

    expect(new Set([...concurrent, ...later]).size).toBe(1);
    expect(emulator.counters().tokenRequests.clientSecret).toBe(1);
  });

  it("names the tenant, the client and AADSTS7000215 for a wrong secret, and never the secret", async () => {
    const app = emulator.registerApp();
    const wrongSecret = "Wr0ng~secret-value-that-must-not-leak";
    const tokens = createAccessTokenSource(
      emulatorSettings(emulator, {}, {
        AZURE_TENANT_ID: emulator.tenantId,
        AZURE_CLIENT_ID: app.clientId,
        AZURE_CLIENT_SECRET: wrongSecret,
      }),
    );

    const failure = await rejectionOf(tokens.getAccessToken());

    expect(failure).toBeInstanceOf(AuthenticationFailedError);
    expect(failure).toMatchObject({
      name: "AuthenticationFailedError",
      credential: "clientSecret",
      entraCode: "AADSTS7000215",
      oauthError: "invalid_client",
      tenantId: emulator.tenantId,
      clientId: app.clientId,
    });
    expect(failure.message).toContain(`(client ${app.clientId}, tenant ${emulator.tenantId}): AADSTS7000215 invalid_client`);
    expect(failure.message).toContain("the client secret is not valid for this application");
    const shown = everythingShown(failure);
    expect(shown).not.toContain(wrongSecret);
    expect(shown).not.toContain(app.clientSecret ?? "unreachable");
  });

  it("explains a tenant the authority does not know", async () => {
    // With a non-Microsoft authority MSAL reads the tenant's OpenID configuration first, so Entra's AADSTS90002
    // arrives as MSAL's endpoints_resolution_error; the message still says what to check.
    const app = emulator.registerApp();
    const otherTenant = "99999999-9999-4999-8999-999999999999";
    const failure = await rejectionOf(
      createAccessTokenSource(
        emulatorSettings(emulator, {
          "graphsync:tenantId": otherTenant,
          "graphsync:clientId": app.clientId,
          "graphsync:clientSecret": app.clientSecret ?? "",
        }),
      ).getAccessToken(),
    );
    expect(failure).toMatchObject({ name: "AuthenticationFailedError", tenantId: otherTenant, clientId: app.clientId });
    expect(failure.message).toContain(
      "the tenant's OpenID configuration could not be read from the authority. To fix: check tenantId and authorityHost",
    );
    expect(everythingShown(failure)).not.toContain(app.clientSecret ?? "unreachable");
  });

  it("explains an unknown application with AADSTS700016", async () => {
    const unknownClient = "77777777-7777-4777-8777-777777777777";
    const failure = await rejectionOf(
      createAccessTokenSource(
        emulatorSettings(emulator, {
          "graphsync:tenantId": emulator.tenantId,
          "graphsync:clientId": unknownClient,
          "graphsync:clientSecret": "any-secret-value",
        }),
      ).getAccessToken(),
    );
    expect(failure).toMatchObject({ entraCode: "AADSTS700016", clientId: unknownClient });
    expect(failure.message).toContain("the application was not found in the tenant");
  });
});

describe("precedence against the emulator", () => {
  it("signs in as the graphsync app over the azuread, ARM_ and AZURE_ apps, and so on down", async () => {
    const apps = {
      graphsync: emulator.registerApp(),
      azuread: emulator.registerApp(),
      arm: emulator.registerApp(),
      azure: emulator.registerApp(),
    };
    const config = {
      "graphsync:tenantId": emulator.tenantId,
      "graphsync:clientId": apps.graphsync.clientId,
      "graphsync:clientSecret": apps.graphsync.clientSecret ?? "",
      "azuread:tenantId": emulator.tenantId,
      "azuread:clientId": apps.azuread.clientId,
      "azuread:clientSecret": apps.azuread.clientSecret ?? "",
    };
    const env = {
      ARM_TENANT_ID: emulator.tenantId,
      ARM_CLIENT_ID: apps.arm.clientId,
      ARM_CLIENT_SECRET: apps.arm.clientSecret ?? "",
      AZURE_TENANT_ID: emulator.tenantId,
      AZURE_CLIENT_ID: apps.azure.clientId,
      AZURE_CLIENT_SECRET: apps.azure.clientSecret ?? "",
    };
    const withoutPrefix = (record: Record<string, string>, prefix: string) =>
      Object.fromEntries(Object.entries(record).filter(([key]) => !key.startsWith(prefix)));

    const layers = [
      { config, env, winner: apps.graphsync },
      { config: withoutPrefix(config, "graphsync:"), env, winner: apps.azuread },
      { config: {}, env, winner: apps.arm },
      { config: {}, env: withoutPrefix(env, "ARM_"), winner: apps.azure },
    ];
    for (const layer of layers) {
      const token = await createAccessTokenSource(emulatorSettings(emulator, layer.config, layer.env)).getAccessToken();
      expect(claimsOf(token).appid).toBe(layer.winner.clientId);
    }
    expect(emulator.counters().tokenRequests.clientSecret).toBe(4);
  });
});
