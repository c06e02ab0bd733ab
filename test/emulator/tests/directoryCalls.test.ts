import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Emulator, startEmulator } from "../index";
import { graphError, pairs, putSecrets } from "./support/graphCalls";
import { rawRequest, requireRunCertificateAuthority, type RawResponse } from "./support/rawHttps";

/** The directory calls that create a service principal from scratch, as a live check does it against Graph. */
describe("applications and service principals created through Graph", () => {
  let emulator: Emulator;
  let token: string;

  const call = (method: string, path: string, body?: unknown, bearer = token): Promise<RawResponse> =>
    rawRequest(`${emulator.graphEndpoint}/v1.0${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  beforeAll(async () => {
    requireRunCertificateAuthority();
    emulator = await startEmulator({ replicationDelayMs: 400, replicationAnswer: "403-authorization-denied" });
    const app = emulator.registerApp({ roles: ["Synchronization.ReadWrite.All", "Application.ReadWrite.OwnedBy"] });
    token = emulator.issueAccessToken({ clientId: app.clientId, roles: app.roles });
  });

  afterAll(async () => {
    await emulator.close();
  });

  it("creates an application and its principal, which replicates under the reading, then deletes both", async () => {
    const application = await call("POST", "/applications", { displayName: "graphsync-live-check" });
    expect(application.status).toBe(201);
    const { id, appId } = application.json as { id: string; appId: string };
    const principal = await call("POST", "/servicePrincipals", { appId });
    expect(principal.status).toBe(201);
    const created = principal.json as { id: string; appId: string; servicePrincipalType: string };
    expect(created).toMatchObject({ appId, servicePrincipalType: "Application" });
    // Seconds old: the replication reading's answer, then the principal.
    const early = await putSecrets(emulator, token, created.id, pairs({ SyncAll: "true" }));
    expect(early.status).toBe(403);
    expect(graphError(early).code).toBe("Authorization_RequestDenied");
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect((await putSecrets(emulator, token, created.id, pairs({ SyncAll: "true" }))).status).toBe(204);
    expect((await call("DELETE", `/applications/${id}`)).status).toBe(204);
    expect(emulator.storedSecrets(created.id)).toBeUndefined();
    expect(emulator.graphOperations().map((entry) => entry.operation)).toEqual([
      "applications.create", "servicePrincipals.create", "secrets.put", "secrets.put", "applications.delete",
    ]);
  });

  it("answers an unknown appId with NoBackingApplicationObject, and an app without the permission with the denial", async () => {
    const unknown = await call("POST", "/servicePrincipals", { appId: "00000000-0000-4000-8000-000000000000" });
    expect(unknown.status).toBe(400);
    expect((unknown.json as { error: { details: Array<{ code: string }> } }).error.details[0]?.code).toBe("NoBackingApplicationObject");
    const reader = emulator.registerApp({ roles: ["Synchronization.ReadWrite.All"] });
    const denied = await call("POST", "/applications", { displayName: "x" }, emulator.issueAccessToken({ clientId: reader.clientId, roles: reader.roles }));
    expect(denied.status).toBe(401);
  });
});
