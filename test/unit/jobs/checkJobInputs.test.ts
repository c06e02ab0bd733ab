import { describe, expect, it } from "vitest";
import { UNKNOWN_VALUE } from "../../../provider/core/unknown";
import { checkJobInputs, JobCheckReasons, RESET_SCOPES } from "../../../provider/jobs/checkJobInputs";

const GUID = "0af4a6b2-9c3d-4e5f-8a7b-1c2d3e4f5a6b";

const valid = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({ servicePrincipalId: GUID, templateId: "scim", ...overrides });

describe("checkJobInputs on valid inputs", () => {
  it("applies the defaults: enabled, not waiting, no restart trigger or scope, no adoption, the stack's API version", () => {
    expect(checkJobInputs(valid(), "beta")).toEqual({
      failures: [],
      inputs: {
        servicePrincipalId: GUID, templateId: "scim", enabled: true, waitForCredentials: false, restartScope: [], adoptExisting: false,
        apiVersion: "beta",
      },
    });
  });

  it("normalizes the principal's /servicePrincipals/{id} form and keeps every declared value", () => {
    const outcome = checkJobInputs({
      servicePrincipalId: `/servicePrincipals/${GUID.toUpperCase()}`,
      templateId: "AD2AADProvisioning",
      enabled: false,
      waitForCredentials: true,
      restartTrigger: "2026-12-01",
      restartScope: ["QuarantineState", "Watermark"],
      adoptExisting: true,
      apiVersion: "v1.0",
    });
    expect(outcome.failures).toEqual([]);
    expect(outcome.inputs).toEqual({
      servicePrincipalId: GUID, templateId: "AD2AADProvisioning", enabled: false, waitForCredentials: true, restartTrigger: "2026-12-01",
      restartScope: ["QuarantineState", "Watermark"], adoptExisting: true, apiVersion: "v1.0",
    });
  });

  it("accepts the state it produced, outputs and the engine's __provider included, and drops them", () => {
    const stored = { ...checkJobInputs(valid()).inputs, jobId: "scim.0123.abc", scheduleState: "Active", __provider: "exports.handler = 1" };
    expect(checkJobInputs(stored).inputs).toEqual(checkJobInputs(valid()).inputs);
  });

  it("keeps unknowns of a preview as the marker, inside the scope list too", () => {
    const outcome = checkJobInputs(valid({ servicePrincipalId: UNKNOWN_VALUE, enabled: UNKNOWN_VALUE, restartScope: ["Full", UNKNOWN_VALUE] }));
    expect(outcome.failures).toEqual([]);
    expect(outcome.inputs).toMatchObject({ servicePrincipalId: UNKNOWN_VALUE, enabled: UNKNOWN_VALUE, restartScope: UNKNOWN_VALUE });
  });
});

describe("checkJobInputs on bad inputs", () => {
  it.each([
    ["servicePrincipalId", undefined, JobCheckReasons.servicePrincipalIdRequired],
    ["servicePrincipalId", "not-a-guid", JobCheckReasons.servicePrincipalIdMalformed],
    ["servicePrincipalId", 42, JobCheckReasons.servicePrincipalIdMalformed],
    ["templateId", undefined, JobCheckReasons.templateIdRequired],
    ["templateId", "scim/../secrets", JobCheckReasons.templateIdMalformed],
    ["templateId", "x".repeat(129), JobCheckReasons.templateIdMalformed],
    ["enabled", "true", JobCheckReasons.booleanRequired],
    ["waitForCredentials", 1, JobCheckReasons.booleanRequired],
    ["adoptExisting", "yes", JobCheckReasons.booleanRequired],
    ["restartTrigger", "", JobCheckReasons.restartTriggerInvalid],
    ["restartTrigger", 7, JobCheckReasons.restartTriggerInvalid],
    ["restartScope", "Full", JobCheckReasons.restartScopeNotList],
    ["apiVersion", "v2", JobCheckReasons.apiVersionInvalid],
  ])("refuses %s = %j, naming the property", (property, value, reason) => {
    expect(checkJobInputs(valid({ [property]: value })).failures).toEqual([{ property, reason }]);
  });

  it("refuses the two reset scopes Microsoft says not to use, an unknown or mis-cased scope and a repeat, by index", () => {
    const outcome = checkJobInputs(valid({ restartScope: ["None", "ConnectorDataStore", "watermark", "Full", "Full"] }));
    expect(outcome.failures).toEqual([
      { property: "restartScope[0]", reason: JobCheckReasons.resetScopeNone },
      { property: "restartScope[1]", reason: JobCheckReasons.resetScopeConnectorDataStore },
      { property: "restartScope[2]", reason: JobCheckReasons.resetScopeUnknown },
      { property: "restartScope[4]", reason: JobCheckReasons.resetScopeRepeated },
    ]);
    expect(outcome.inputs).toBeUndefined();
  });

  it("accepts every documented scope the type allows", () => {
    expect(checkJobInputs(valid({ restartScope: [...RESET_SCOPES] })).inputs?.restartScope).toEqual(RESET_SCOPES);
  });

  it("refuses properties it does not know, and inputs that are not an object", () => {
    expect(checkJobInputs(valid({ enable: true, "bad name": 1 })).failures).toEqual([
      { property: "enable", reason: JobCheckReasons.unknownProperty },
      { property: '["bad name"]', reason: JobCheckReasons.unknownProperty },
    ]);
    expect(checkJobInputs([]).failures).toEqual([{ property: "", reason: JobCheckReasons.inputsNotObject }]);
  });

  it("reports every problem at once and never quotes a value", () => {
    const secretLooking = "s3cr3t-value-that-must-not-show";
    const failures = checkJobInputs({ servicePrincipalId: secretLooking, templateId: `${secretLooking}/x`, restartTrigger: 0 }).failures;
    expect(failures.map((failure) => failure.property)).toEqual(["servicePrincipalId", "templateId", "restartTrigger"]);
    expect(JSON.stringify(failures)).not.toContain(secretLooking);
  });
});
