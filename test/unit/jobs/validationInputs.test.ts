import { describe, expect, it } from "vitest";
import { UNKNOWN_VALUE } from "../../../provider/core/unknown";
import { checkValidationInputs, validationChanged, ValidationReasons } from "../../../provider/jobs/validationInputs";

const JOB_ID = "scim.0a1b2c3d4e5f60718293a4b5c6d7e8f9.9e2f4b1a-1c2d-4e5f-8a7b-1c2d3e4f5a6b";

describe("checkValidationInputs", () => {
  it("keeps a job id and the start flag, and nothing when neither is given", () => {
    expect(checkValidationInputs({ validateWith: JOB_ID, startsJob: true })).toEqual({ failures: [], inputs: { validateWith: JOB_ID, startsJob: true } });
    expect(checkValidationInputs({ credentials: {} })).toEqual({ failures: [], inputs: {} });
  });

  it("lets a preview's unknowns through", () => {
    expect(checkValidationInputs({ validateWith: UNKNOWN_VALUE, startsJob: UNKNOWN_VALUE }).inputs).toEqual({
      validateWith: UNKNOWN_VALUE, startsJob: UNKNOWN_VALUE,
    });
  });

  it.each([["a path", "scim/../../secrets"], ["text with spaces", "my job"], ["an object", { jobId: JOB_ID }], ["empty text", ""]])(
    "refuses %s as validateWith: it would enter a URL path",
    (_, validateWith) => {
      expect(checkValidationInputs({ validateWith }).failures).toEqual([{ property: "validateWith", reason: ValidationReasons.validateWithInvalid }]);
    },
  );

  it("refuses a start flag that is not a boolean", () => {
    expect(checkValidationInputs({ startsJob: "yes" }).failures).toEqual([{ property: "startsJob", reason: ValidationReasons.startsJobInvalid }]);
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
});
