import { describe, expect, it } from "vitest";
import { UNKNOWN_VALUE } from "../../../provider/core/unknown";
import { diffJob, jobResourceId, planCreateAction, planJobUpdate, refreshJob } from "../../../provider/jobs/jobPlan";
import type { JobInputs, SynchronizationJobState } from "../../../provider/jobs/state";

const GUID = "0af4a6b2-9c3d-4e5f-8a7b-1c2d3e4f5a6b";
const JOB_ID = "scim.0a1b2c3d4e5f60718293a4b5c6d7e8f9.9e2f4b1a-1c2d-4e5f-8a7b-1c2d3e4f5a6b";

const inputs = (overrides: Partial<JobInputs> = {}): JobInputs => ({
  servicePrincipalId: GUID, templateId: "scim", enabled: true, waitForCredentials: false, restartScope: [], adoptExisting: false,
  apiVersion: "v1.0", ...overrides,
});
const stored = (overrides: Partial<SynchronizationJobState> = {}): SynchronizationJobState => ({
  ...inputs(), jobId: JOB_ID, scheduleState: "Active", ...overrides,
});

describe("diffJob", () => {
  it("finds no change when nothing was declared differently", () => {
    expect(diffJob(stored(), inputs())).toEqual({ changes: false, replaces: [], deleteBeforeReplace: true });
  });

  it("replaces the job for another principal or template, deleting the old one first", () => {
    const other = "11111111-2222-4333-8444-555555555555";
    expect(diffJob(stored(), inputs({ servicePrincipalId: other, templateId: "dataBricks" }))).toEqual({
      changes: true, replaces: ["servicePrincipalId", "templateId"], deleteBeforeReplace: true,
    });
    // The /servicePrincipals/{id} form an older state may hold names the same principal.
    expect(diffJob(stored({ servicePrincipalId: `/servicePrincipals/${GUID}` }), inputs()).replaces).toEqual([]);
  });

  it.each([
    ["enabled", { enabled: false }],
    ["waitForCredentials", { waitForCredentials: true }],
    ["restartTrigger", { restartTrigger: "again" }],
    ["restartScope", { restartScope: ["Full" as const] }],
    ["adoptExisting", { adoptExisting: true }],
    ["apiVersion", { apiVersion: "beta" as const }],
  ])("updates in place when %s changes", (_, change) => {
    expect(diffJob(stored(), inputs(change))).toMatchObject({ changes: true, replaces: [] });
  });

  it("may replace or update when a preview does not know a value yet", () => {
    expect(diffJob(stored(), { ...inputs(), templateId: UNKNOWN_VALUE }).replaces).toEqual(["templateId"]);
    expect(diffJob(stored(), { ...inputs(), restartScope: UNKNOWN_VALUE })).toMatchObject({ changes: true, replaces: [] });
  });
});

describe("planCreateAction", () => {
  it("starts a new enabled job, leaves a waiting one to the secrets, and leaves a disabled one alone", () => {
    expect(planCreateAction(inputs(), "Disabled")).toBe("start");
    expect(planCreateAction(inputs({ waitForCredentials: true }), "Disabled")).toBeUndefined();
    expect(planCreateAction(inputs({ enabled: false }), "Disabled")).toBeUndefined();
  });

  it("never starts an adopted job that runs, and pauses one declared disabled", () => {
    expect(planCreateAction(inputs(), "Active")).toBeUndefined();
    expect(planCreateAction(inputs({ enabled: false }), "Active")).toBe("pause");
    expect(planCreateAction(inputs(), "Paused")).toBe("start");
  });
});

describe("planJobUpdate", () => {
  it("starts or pauses only when enabled changes", () => {
    expect(planJobUpdate(stored({ enabled: false, scheduleState: "Paused" }), inputs())).toEqual({ action: "start", scheduleState: "Active", notices: [] });
    expect(planJobUpdate(stored(), inputs({ enabled: false }))).toEqual({ action: "pause", scheduleState: "Paused", notices: [] });
    expect(planJobUpdate(stored(), inputs({ apiVersion: "beta", restartScope: ["Full"] }))).toEqual({ scheduleState: "Active", notices: [] });
  });

  it("restarts when the trigger takes a new value (set for the first time too), and not when it is removed", () => {
    expect(planJobUpdate(stored({ restartTrigger: "1" }), inputs({ restartTrigger: "2" })).action).toBe("restart");
    expect(planJobUpdate(stored(), inputs({ restartTrigger: "1" })).action).toBe("restart");
    expect(planJobUpdate(stored({ restartTrigger: "1" }), inputs()).action).toBeUndefined();
    expect(planJobUpdate(stored({ restartTrigger: "1" }), inputs({ restartTrigger: "1" })).action).toBeUndefined();
  });

  it("restarts instead of starting when both change, so start is never called twice", () => {
    expect(planJobUpdate(stored({ enabled: false, scheduleState: "Paused" }), inputs({ restartTrigger: "x" }))).toEqual({
      action: "restart", scheduleState: "Active", notices: [],
    });
  });

  it("does not restart a job declared disabled, and says so", () => {
    const plan = planJobUpdate(stored({ enabled: false, scheduleState: "Paused" }), inputs({ enabled: false, restartTrigger: "x" }));
    expect(plan.action).toBeUndefined();
    expect(plan.notices).toEqual([expect.stringContaining("not restarted")]);
  });
});

describe("refreshJob", () => {
  it("records Graph's schedule state and reports nothing when it matches what was declared", () => {
    expect(refreshJob(stored({ scheduleState: "Disabled" }), { id: JOB_ID, templateId: "scim", scheduleState: "Active" })).toEqual({
      state: stored(), notices: [],
    });
  });

  it("turns a start or pause made elsewhere into drift the next update puts back", () => {
    const paused = refreshJob(stored(), { id: JOB_ID, templateId: "scim", scheduleState: "Paused" });
    expect(paused.state).toMatchObject({ enabled: false, scheduleState: "Paused" });
    expect(paused.notices).toEqual([expect.stringContaining("paused outside Pulumi")]);
    expect(planJobUpdate(paused.state, inputs()).action).toBe("start");
    const started = refreshJob(stored({ enabled: false, scheduleState: "Paused" }), { id: JOB_ID, templateId: "scim", scheduleState: "Active" });
    expect(started.state.enabled).toBe(true);
    expect(planJobUpdate(started.state, inputs({ enabled: false })).action).toBe("pause");
  });

  it("keeps what was declared for a job that never ran (one waiting for its credentials)", () => {
    const waiting = stored({ waitForCredentials: true, scheduleState: "Disabled" });
    expect(refreshJob(waiting, { id: JOB_ID, templateId: "scim", scheduleState: "Disabled" })).toEqual({ state: waiting, notices: [] });
  });

  it("reports a quarantine with its error code", () => {
    const job = { id: JOB_ID, templateId: "scim", scheduleState: "Active", statusCode: "Quarantine", quarantineCode: "SomeCode" };
    expect(refreshJob(stored(), job).notices).toEqual([expect.stringMatching(/in quarantine \(SomeCode\).*restartTrigger/)]);
  });
});

it("forms terraform's job id", () => {
  expect(jobResourceId(GUID, JOB_ID)).toBe(`/servicePrincipals/${GUID}/synchronization/jobs/${JOB_ID}`);
});
