import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Emulator, startEmulator, SynchronizationJobJson } from "../index";
import { graphCall, graphError, pairs, putSecrets, serviceError } from "./support/graphCalls";
import { rawRequest, RawResponse, requireRunCertificateAuthority } from "./support/rawHttps";

const GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
/** The documented interval of a job that was never started (synchronization-synchronization-post-jobs.md). */
const UNSCHEDULED = "P10675199DT2H48M5.4775807S";
const FAILURE = "SystemForCrossDomainIdentityManagementCredentialValidationFailure";
const UNAVAILABLE = "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable";

describe("Graph synchronization templates and jobs", () => {
  let emulator: Emulator;
  let token: string;

  const call = (method: string, id: string, subPath: string, body?: unknown, bearer = token): Promise<RawResponse> =>
    graphCall(emulator, bearer, method, id, subPath, body);

  const createJob = async (id: string, templateId = "scim"): Promise<SynchronizationJobJson> => {
    const created = await call("POST", id, "/jobs", { templateId });
    expect(created.status).toBe(201);
    return created.json as SynchronizationJobJson;
  };

  const jobOf = async (id: string, jobId: string): Promise<SynchronizationJobJson> =>
    (await call("GET", id, `/jobs/${jobId}`)).json as SynchronizationJobJson;

  beforeAll(async () => {
    requireRunCertificateAuthority();
    emulator = await startEmulator();
    const app = emulator.registerApp({ roles: ["Synchronization.ReadWrite.All"] });
    token = emulator.issueAccessToken({ clientId: app.clientId, roles: app.roles });
  });

  afterEach(() => {
    emulator.applyReading("error-echo-none");
    emulator.applyReading("replication-404");
    emulator.reset();
  });

  afterAll(async () => {
    await emulator.close();
  });

  describe("templates", () => {
    it("lists one `scim` template by default, in the documented shape", async () => {
      const response = await call("GET", emulator.createServicePrincipal(), "/templates");
      expect(response.status).toBe(200);
      const body = response.json as { "@odata.context": string; value: Array<Record<string, unknown>> };
      expect(body["@odata.context"]).toContain("/synchronization/templates");
      expect(body.value).toHaveLength(1);
      expect(body.value[0]).toMatchObject({ id: "scim", factoryTag: "CustomSCIM", default: true, discoverable: true, metadata: [] });
      expect(body.value[0]?.["applicationId"]).toMatch(new RegExp(`^${GUID}$`));
      expect(body.value[0]?.["schema"]).toEqual({ directories: [], synchronizationRules: [] });
    });

    it("lists the templates a principal was created with, and those set later in-process or over HTTP", async () => {
      const id = emulator.createServicePrincipal({ templates: [{ id: "dataBricks", factoryTag: "dataBricks" }, { id: "scim" }] });
      const ids = async () => ((await call("GET", id, "/templates")).json as { value: Array<{ id: string; default: boolean }> }).value;
      expect(await ids()).toMatchObject([{ id: "dataBricks", default: true }, { id: "scim", default: false }]);
      emulator.setSynchronizationTemplates(id, [{ id: "slack", default: true }]);
      expect((await ids()).map((template) => template.id)).toEqual(["slack"]);
      const put = await rawRequest(`${emulator.origin}/_emulator/servicePrincipals/${id}/templates`, {
        method: "PUT",
        body: JSON.stringify({ templates: [{ id: "box" }] }),
      });
      expect(put.status).toBe(204);
      expect((await ids()).map((template) => template.id)).toEqual(["box"]);
      expect(() => emulator.setSynchronizationTemplates(id, [{ id: "bad id" }])).toThrow("Each template needs an 'id'");
    });
  });

  describe("jobs", () => {
    it("creates a job from a template: 201, disabled, NotConfigured, as documented", async () => {
      const id = emulator.createServicePrincipal();
      const job = await createJob(id);
      expect(job.id).toMatch(new RegExp(`^scim\\.[0-9a-f]{32}\\.${GUID}$`));
      expect(job.id.split(".")[1]).toBe(emulator.tenantId.replace(/-/g, ""));
      expect(job.templateId).toBe("scim");
      expect(job.schedule).toEqual({ expiration: null, interval: UNSCHEDULED, state: "Disabled" });
      expect(job.status).toMatchObject({
        code: "NotConfigured",
        countSuccessiveCompleteFailures: 0,
        escrowsPruned: false,
        quarantine: null,
        lastExecution: null,
        steadyStateFirstAchievedTime: "0001-01-01T00:00:00Z",
        troubleshootingUrl: null,
      });
      expect(await jobOf(id, job.id)).toEqual(job);
      const listed = (await call("GET", id, "/jobs")).json as { value: SynchronizationJobJson[] };
      expect(listed.value).toEqual([job]);
    });

    it("refuses a template the principal does not offer, and a body without templateId, creating nothing", async () => {
      const id = emulator.createServicePrincipal();
      const unknown = await call("POST", id, "/jobs", { templateId: "dataBricks" });
      expect(unknown.status).toBe(400);
      expect(graphError(unknown).message).toContain("'dataBricks'");
      expect((await call("POST", id, "/jobs", {})).status).toBe(400);
      expect((await call("POST", id, "/jobs", "[1]")).status).toBe(400);
      expect(emulator.synchronizationJobs(id)).toEqual([]);
    });

    it("answers 404 ResourceNotFound for an unknown job, and 405 for a method a job does not serve", async () => {
      const id = emulator.createServicePrincipal();
      const missing = await call("GET", id, "/jobs/scim.0.none");
      expect(missing.status).toBe(404);
      expect(graphError(missing).code).toBe("ResourceNotFound");
      const job = await createJob(id);
      const patched = await call("PATCH", id, `/jobs/${job.id}`, {});
      expect(patched.status).toBe(405);
      expect(patched.headers["allow"]).toBe("GET, DELETE");
    });

    it("deletes a job: 204, then 404 for it", async () => {
      const id = emulator.createServicePrincipal();
      const job = await createJob(id);
      expect((await call("DELETE", id, `/jobs/${job.id}`)).status).toBe(204);
      expect((await call("GET", id, `/jobs/${job.id}`)).status).toBe(404);
      expect((await call("DELETE", id, `/jobs/${job.id}`)).status).toBe(404);
    });

    it("starts a job whose saved secrets pass the SCIM check: 204, schedule Active every 40 minutes, status Active", async () => {
      const id = emulator.createServicePrincipal();
      emulator.setStoredSecrets(id, { BaseAddress: "https://scim.example/v2", SecretToken: "t0k3n" });
      const job = await createJob(id);
      const started = await call("POST", id, `/jobs/${job.id}/start`);
      expect(started.status).toBe(204);
      expect(started.text).toBe("");
      const after = await jobOf(id, job.id);
      expect(after.schedule).toEqual({ expiration: null, interval: "PT40M", state: "Active" });
      expect(after.status).toMatchObject({ code: "Active", quarantine: null });
    });

    it("quarantines a job started without valid secrets, with the synchronization service's reason", async () => {
      const id = emulator.createServicePrincipal();
      const job = await createJob(id);
      expect((await call("POST", id, `/jobs/${job.id}/start`)).status).toBe(204);
      const quarantined = await jobOf(id, job.id);
      expect(quarantined.schedule.state).toBe("Active");
      expect(quarantined.status.code).toBe("Quarantine");
      expect(quarantined.status.countSuccessiveCompleteFailures).toBe(1);
      expect(quarantined.status.quarantine).toMatchObject({
        reason: "EncounteredQuarantineException",
        seriesCount: 0,
        error: { code: UNAVAILABLE, tenantActionable: true },
      });
      const began = quarantined.status.quarantine?.seriesBegan;
      expect(Date.parse(quarantined.status.quarantine?.nextAttempt ?? "") - Date.parse(began ?? "")).toBe(40 * 60 * 1000);

      emulator.setScimEndpoints(id, [{ baseAddress: "https://scim.example/v2", secretTokens: ["right"] }]);
      emulator.setStoredSecrets(id, { BaseAddress: "https://scim.example/v2", SecretToken: "wrong" });
      await call("POST", id, `/jobs/${job.id}/start`);
      const still = await jobOf(id, job.id);
      expect(still.status.code).toBe("Quarantine");
      expect(still.status.countSuccessiveCompleteFailures).toBe(2);
      expect(still.status.quarantine).toMatchObject({ seriesBegan: began, seriesCount: 1, error: { code: FAILURE } });
      expect(still.status.quarantine?.error.message).toContain("Unauthorized");
      expect(JSON.stringify(still)).not.toContain("wrong");

      emulator.setStoredSecrets(id, { SecretToken: "right" });
      await call("POST", id, `/jobs/${job.id}/start`);
      expect((await jobOf(id, job.id)).status).toMatchObject({ code: "Active", quarantine: null, countSuccessiveCompleteFailures: 0 });
    });

    it("pauses a job, keeping its quarantine details as the documented example does", async () => {
      const id = emulator.createServicePrincipal();
      const job = await createJob(id);
      await call("POST", id, `/jobs/${job.id}/start`);
      expect((await call("POST", id, `/jobs/${job.id}/pause`)).status).toBe(204);
      const paused = await jobOf(id, job.id);
      expect(paused.schedule.state).toBe("Paused");
      expect(paused.status.code).toBe("Paused");
      expect(paused.status.quarantine?.reason).toBe("EncounteredQuarantineException");
    });

    it("restarts with the documented criteria, lifting a quarantine once the secrets pass", async () => {
      const id = emulator.createServicePrincipal();
      const job = await createJob(id);
      await call("POST", id, `/jobs/${job.id}/start`);
      emulator.setStoredSecrets(id, { BaseAddress: "https://scim.example", SecretToken: "t" });
      const restarted = await call("POST", id, `/jobs/${job.id}/restart`, { criteria: { resetScope: "Watermark, Escrows, QuarantineState" } });
      expect(restarted.status).toBe(204);
      expect((await jobOf(id, job.id)).status).toMatchObject({ code: "Active", quarantine: null });
      expect(emulator.synchronizationJobs(id)?.[0]?.restartScopes).toEqual(["Watermark, Escrows, QuarantineState"]);
    });

    it("starts a new quarantine series when a restart lifts the quarantine but the secrets still fail", async () => {
      const id = emulator.createServicePrincipal();
      const job = await createJob(id);
      await call("POST", id, `/jobs/${job.id}/start`);
      await call("POST", id, `/jobs/${job.id}/start`);
      expect((await jobOf(id, job.id)).status.quarantine?.seriesCount).toBe(1);
      await call("POST", id, `/jobs/${job.id}/restart`, { criteria: { resetScope: "QuarantineState" } });
      const after = await jobOf(id, job.id);
      expect(after.status.code).toBe("Quarantine");
      expect(after.status.quarantine?.seriesCount).toBe(0);
      expect(after.status.countSuccessiveCompleteFailures).toBe(3);
    });

    it("keeps a quarantine through a restart whose scope does not lift it; an empty scope lifts it", async () => {
      const id = emulator.createServicePrincipal();
      const job = await createJob(id);
      await call("POST", id, `/jobs/${job.id}/start`);
      emulator.setStoredSecrets(id, { BaseAddress: "https://scim.example", SecretToken: "t" });
      await call("POST", id, `/jobs/${job.id}/restart`, { criteria: { resetScope: "Watermark" } });
      expect((await jobOf(id, job.id)).status.code).toBe("Quarantine");
      expect((await call("POST", id, `/jobs/${job.id}/restart`)).status).toBe(204);
      expect((await jobOf(id, job.id)).status.code).toBe("Active");
      expect(emulator.synchronizationJobs(id)?.[0]?.restartScopes).toEqual(["Watermark", ""]);
    });

    it("refuses a resetScope value that is not documented, naming the documented ones", async () => {
      const id = emulator.createServicePrincipal();
      const job = await createJob(id);
      const refused = await call("POST", id, `/jobs/${job.id}/restart`, { criteria: { resetScope: "Watermark,Everything" } });
      expect(refused.status).toBe(400);
      expect(graphError(refused).message).toContain("'Everything'");
      expect(graphError(refused).message).toContain("None, ConnectorDataStore, Escrows, Watermark, QuarantineState, Full, ForceDeletes");
      expect(emulator.synchronizationJobs(id)?.[0]?.restartScopes).toEqual([]);
    });

    it("serves /beta the same way", async () => {
      const id = emulator.createServicePrincipal();
      const response = await rawRequest(`${emulator.graphEndpoint}/beta/servicePrincipals/${id}/synchronization/jobs`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ templateId: "scim" }),
      });
      expect(response.status).toBe(201);
    });
  });

  describe("validateCredentials", () => {
    it("answers 204 for an https BaseAddress and a SecretToken when no SCIM endpoint is configured, storing nothing", async () => {
      const id = emulator.createServicePrincipal();
      const job = await createJob(id);
      const body = { useSavedCredentials: false, credentials: pairs({ BaseAddress: "https://scim.example", SecretToken: "t" }).value };
      const response = await call("POST", id, `/jobs/${job.id}/validateCredentials`, body);
      expect(response.status).toBe(204);
      expect(emulator.storedSecrets(id)).toEqual({});
    });

    it("explains a refused token as the synchronization service does, without the token", async () => {
      const id = emulator.createServicePrincipal();
      emulator.setScimEndpoints(id, [{ baseAddress: "https://scim.example/v2/", secretTokens: ["good-token"] }]);
      const job = await createJob(id);
      const credentials = pairs({ BaseAddress: "https://scim.example/v2", SecretToken: "bad-token-4e1" }).value;
      const refused = await call("POST", id, `/jobs/${job.id}/validateCredentials`, { credentials });
      expect(refused.status).toBe(400);
      expect(graphError(refused).code).toBe("UnknownError");
      const reason = serviceError(refused);
      expect(reason.code).toBe(FAILURE);
      expect(reason.message).toContain("Resource: https://scim.example/v2/Users?filter=");
      expect(reason.message).toContain("Response status code: Unauthorized");
      expect(refused.text).not.toContain("bad-token-4e1");
      const good = pairs({ BaseAddress: "https://scim.example/v2", SecretToken: "good-token" }).value;
      expect((await call("POST", id, `/jobs/${job.id}/validateCredentials`, { credentials: good })).status).toBe(204);
    });

    it("reports a tenant URL where no SCIM endpoint answers, and a missing one", async () => {
      const id = emulator.createServicePrincipal();
      emulator.setScimEndpoints(id, [{ baseAddress: "https://scim.example", secretTokens: ["t"] }]);
      const job = await createJob(id);
      const elsewhere = await call("POST", id, `/jobs/${job.id}/validateCredentials`, {
        credentials: pairs({ BaseAddress: "https://other.example", SecretToken: "t" }).value,
      });
      expect(serviceError(elsewhere).code).toBe(UNAVAILABLE);
      const missing = await call("POST", id, `/jobs/${job.id}/validateCredentials`, { credentials: pairs({ SecretToken: "t" }).value });
      expect(serviceError(missing)).toMatchObject({ code: UNAVAILABLE, message: "No tenant URL was provided, so we could not connect to your application." });
      emulator.setScimEndpoints(id, null);
      const cleartext = await call("POST", id, `/jobs/${job.id}/validateCredentials`, {
        credentials: pairs({ BaseAddress: "http://scim.example", SecretToken: "t" }).value,
      });
      expect(serviceError(cleartext).code).toBe(UNAVAILABLE);
    });

    it("checks the saved secrets with useSavedCredentials, and serves the microsoft.graph.-qualified action name", async () => {
      const id = emulator.createServicePrincipal();
      const job = await createJob(id);
      const saved = await call("POST", id, `/jobs/${job.id}/microsoft.graph.validateCredentials`, { useSavedCredentials: true });
      expect(saved.status).toBe(400);
      await putSecrets(emulator, token, id, pairs({ BaseAddress: "https://scim.example", SecretToken: "t" }));
      expect((await call("POST", id, `/jobs/${job.id}/validateCredentials`, { useSavedCredentials: true })).status).toBe(204);
    });

    it("refuses a malformed body with 400 BadRequest, and an unknown job with 404", async () => {
      const id = emulator.createServicePrincipal();
      const job = await createJob(id);
      const path = `/jobs/${job.id}/validateCredentials`;
      expect(graphError(await call("POST", id, path, { credentials: {} })).code).toBe("BadRequest");
      expect(graphError(await call("POST", id, path, { useSavedCredentials: "yes" })).code).toBe("BadRequest");
      expect(graphError(await call("POST", id, path, { credentials: [{ key: "Token", value: "x" }] })).code).toBe("BadRequest");
      expect((await call("POST", id, "/jobs/scim.0.none/validateCredentials", {})).status).toBe(404);
    });

    it("repeats part of the request in a refusal under an error-echo reading", async () => {
      emulator.applyReading("error-echo-truncated-value");
      const id = emulator.createServicePrincipal();
      emulator.setScimEndpoints(id, [{ baseAddress: "https://scim.example", secretTokens: ["good"] }]);
      const job = await createJob(id);
      const refused = await call("POST", id, `/jobs/${job.id}/validateCredentials`, {
        credentials: pairs({ BaseAddress: "https://scim.example", SecretToken: "wrong-token-77" }).value,
      });
      expect(serviceError(refused).message).toMatch(/ The request included SecretToken 'wrong-t\.\.\.'\.$/);
      expect(refused.text).not.toContain("wrong-token-77");
    });
  });

  describe("the same checks as the secrets surface", () => {
    it("answers a principal still replicating with the replication reading, for jobs and templates", async () => {
      emulator.applyReading("replication-400-no-backing-application-object");
      const id = emulator.createServicePrincipal({ replicationDelayMs: 60_000 });
      for (const response of [await call("POST", id, "/jobs", { templateId: "scim" }), await call("GET", id, "/templates")]) {
        expect(response.status).toBe(400);
        expect((graphError(response) as unknown as { details: Array<{ code: string }> }).details[0]?.code).toBe("NoBackingApplicationObject");
      }
      expect(emulator.synchronizationJobs(id)).toEqual([]);
    });

    it("lets readers read and owners with OwnedBy write; denies writes to readers as the permission reading says", async () => {
      const owner = emulator.registerApp({ roles: ["Application.ReadWrite.OwnedBy"] });
      const ownerToken = emulator.issueAccessToken({ clientId: owner.clientId, roles: owner.roles });
      const reader = emulator.issueAccessToken({ roles: ["Synchronization.Read.All"] });
      const id = emulator.createServicePrincipal({ owners: [owner.clientId] });
      const job = (await call("POST", id, "/jobs", { templateId: "scim" }, ownerToken)).json as SynchronizationJobJson;
      expect(job.templateId).toBe("scim");
      expect((await call("GET", id, `/jobs/${job.id}`, undefined, reader)).status).toBe(200);
      expect((await call("GET", id, "/templates", undefined, reader)).status).toBe(200);
      const denied = await call("POST", id, `/jobs/${job.id}/start`, undefined, reader);
      expect(denied.status).toBe(401);
      expect(graphError(denied)).toMatchObject({ code: "UnknownError", message: "" });
      emulator.applyReading("denied-403-authorization-denied");
      try {
        expect((await call("DELETE", id, `/jobs/${job.id}`, undefined, reader)).status).toBe(403);
      } finally {
        emulator.applyReading("denied-401-unknown-error");
      }
      const stranger = emulator.registerApp({ roles: ["Application.ReadWrite.OwnedBy"] });
      const strangerToken = emulator.issueAccessToken({ clientId: stranger.clientId, roles: stranger.roles });
      expect((await call("GET", id, "/jobs", undefined, strangerToken)).status).toBe(401);
      expect(emulator.synchronizationJobs(id)?.[0]?.starts).toBe(0);
    });

    it("serves queued faults and the throttle to job calls", async () => {
      const id = emulator.createServicePrincipal();
      emulator.injectFault({ kind: "status", status: 503, pathIncludes: "/jobs", retryAfter: "1" });
      const faulted = await call("POST", id, "/jobs", { templateId: "scim" });
      expect(faulted.status).toBe(503);
      expect(emulator.synchronizationJobs(id)).toEqual([]);
      emulator.setThrottle({ capacity: 1, refillPerSecond: 0.1 });
      const job = await createJob(id);
      const throttled = await call("POST", id, `/jobs/${job.id}/start`);
      expect(throttled.status).toBe(429);
      expect(emulator.synchronizationJobs(id)?.[0]?.starts).toBe(0);
      expect((await call("GET", id, `/jobs/${job.id}`)).status).toBe(200);
    });
  });

  describe("control surface", () => {
    it("shows jobs with their start, pause and restart counts, and deletes one out of band", async () => {
      const id = emulator.createServicePrincipal();
      const job = await createJob(id);
      await call("POST", id, `/jobs/${job.id}/start`);
      await call("POST", id, `/jobs/${job.id}/pause`);
      await call("POST", id, `/jobs/${job.id}/restart`, { criteria: { resetScope: "Full" } });
      const listed = await rawRequest(`${emulator.origin}/_emulator/servicePrincipals/${id}/jobs`);
      expect(listed.status).toBe(200);
      expect(listed.json).toMatchObject([{ id: job.id, servicePrincipalId: id, starts: 1, pauses: 1, restartScopes: ["Full"] }]);
      const removed = await rawRequest(`${emulator.origin}/_emulator/servicePrincipals/${id}/jobs/${encodeURIComponent(job.id)}`, { method: "DELETE" });
      expect(removed.status).toBe(204);
      expect((await call("GET", id, `/jobs/${job.id}`)).status).toBe(404);
      expect(emulator.deleteSynchronizationJob(id, job.id)).toBe(false);
    });

    it("sets and clears a principal's SCIM endpoints over HTTP", async () => {
      const id = emulator.createServicePrincipal();
      const job = await createJob(id);
      const scim = (endpoints: unknown) =>
        rawRequest(`${emulator.origin}/_emulator/servicePrincipals/${id}/scim`, { method: "PUT", body: JSON.stringify({ endpoints }) });
      expect((await scim([{ baseAddress: "https://scim.example", secretTokens: ["only"] }])).status).toBe(204);
      const credentials = pairs({ BaseAddress: "https://scim.example", SecretToken: "another" }).value;
      expect((await call("POST", id, `/jobs/${job.id}/validateCredentials`, { credentials })).status).toBe(400);
      expect((await scim(null)).status).toBe(204);
      expect((await call("POST", id, `/jobs/${job.id}/validateCredentials`, { credentials })).status).toBe(204);
      expect((await scim([{ baseAddress: "https://scim.example" }])).status).toBe(400);
    });
  });
});
