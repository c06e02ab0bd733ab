import { describe, expect, it } from "vitest";
import { checkInputs, CheckReasons } from "../../../provider/core/checkInputs";
import { diffState, validationChanged } from "../../../provider/core/plan";
import type { SynchronizationSecretsState } from "../../../provider/core/state";
import { UNKNOWN_VALUE } from "../../../provider/core/unknown";

const GUID = "0af4a6b2-9c3d-4e5f-8a7b-1c2d3e4f5a6b";
const JOB_ID = "scim.0a1b2c3d4e5f60718293a4b5c6d7e8f9.9e2f4b1a-1c2d-4e5f-8a7b-1c2d3e4f5a6b";

function inputs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { servicePrincipalId: GUID, credentials: { BaseAddress: "https://scim.example/v2" }, ...overrides };
}

describe("checkInputs of validateWith and startsJob", () => {
  it("keeps a job id and the start flag, and adds neither when neither is given", () => {
    expect(checkInputs(inputs({ validateWith: JOB_ID, startsJob: true }))).toEqual({
      failures: [],
      state: {
        servicePrincipalId: GUID, credentials: { BaseAddress: "https://scim.example/v2" }, keys: ["BaseAddress"], apiVersion: "v1.0",
        validateWith: JOB_ID, startsJob: true,
      },
    });
    const state = checkInputs(inputs()).state;
    expect(state).not.toHaveProperty("validateWith");
    expect(state).not.toHaveProperty("startsJob");
  });

  it("lets a preview's unknowns through", () => {
    expect(checkInputs(inputs({ validateWith: UNKNOWN_VALUE, startsJob: UNKNOWN_VALUE })).state).toMatchObject({
      validateWith: UNKNOWN_VALUE, startsJob: UNKNOWN_VALUE,
    });
  });

  it.each([["a path", "scim/../../secrets"], ["text with spaces", "my job"], ["an object", { jobId: JOB_ID }], ["empty text", ""]])(
    "refuses %s as validateWith: it would enter a URL path",
    (_, validateWith) => {
      expect(checkInputs(inputs({ validateWith }))).toEqual({ failures: [{ property: "validateWith", reason: CheckReasons.validateWithInvalid }] });
    },
  );

  it("refuses a start flag that is not a boolean", () => {
    expect(checkInputs(inputs({ startsJob: "yes" }))).toEqual({ failures: [{ property: "startsJob", reason: CheckReasons.startsJobInvalid }] });
  });

  it("reports them after the secrets' own failures, in one check", () => {
    expect(checkInputs(inputs({ servicePrincipalId: "nope", validateWith: "my job" })).failures.map((failure) => failure.property)).toEqual([
      "servicePrincipalId", "validateWith",
    ]);
  });

  it("never lets a getter that throws escape: the inputs are reported as uninspectable", () => {
    const hostile = inputs();
    Object.defineProperty(hostile, "validateWith", { enumerable: true, get: () => { throw new Error("boom"); } });
    expect(checkInputs(hostile)).toEqual({ failures: [{ property: "", reason: CheckReasons.uninspectable }] });
  });
});

describe("validationChanged", () => {
  it("is true for another job, for a job added or removed, and for an unknown one", () => {
    expect(validationChanged({ validateWith: JOB_ID }, { validateWith: JOB_ID })).toBe(false);
    expect(validationChanged({}, {})).toBe(false);
    expect(validationChanged({ validateWith: JOB_ID }, { validateWith: `${JOB_ID}0` })).toBe(true);
    expect(validationChanged({}, { validateWith: JOB_ID })).toBe(true);
    expect(validationChanged({ validateWith: JOB_ID }, {})).toBe(true);
    expect(validationChanged({ validateWith: JOB_ID }, { validateWith: UNKNOWN_VALUE })).toBe(true);
  });

  it("makes a change of the job alone an update, never a replacement", () => {
    const stored: SynchronizationSecretsState = {
      servicePrincipalId: GUID, credentials: { BaseAddress: "https://scim.example/v2" }, keys: ["BaseAddress"], apiVersion: "v1.0",
    };
    expect(diffState(stored, stored)).toEqual({ changes: false, replaces: [] });
    expect(diffState(stored, { ...stored, validateWith: JOB_ID })).toEqual({ changes: true, replaces: [] });
  });
});
