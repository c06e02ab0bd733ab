import { describe, expect, it } from "vitest";

import { redactedCause, redactText } from "../../../provider/auth/redaction";

const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm9yZy9yZXBvIn0.c2lnbmF0dXJlLXBhcnQ";

describe("redactText", () => {
  it("removes the given secret values wherever they occur", () => {
    expect(redactText("secret=abc123xyz and again abc123xyz", ["abc123xyz"])).toBe("secret=*** and again ***");
  });

  it("removes JWTs, bearer tokens and credential fields it was not told about", () => {
    const text = `assertion ${JWT}; Authorization: Bearer opaque-token-123; client_secret=form-secret&x=1; "password":"pw-1"`;
    const result = redactText(text, []);
    expect(result).not.toContain(JWT);
    expect(result).not.toContain("opaque-token-123");
    expect(result).not.toContain("form-secret");
    expect(result).not.toContain("pw-1");
    expect(result).toContain("Bearer ***");
    expect(result).toContain("client_secret=***&x=1");
  });

  it("leaves ordinary text alone", () => {
    expect(redactText("AADSTS7000215: Invalid client secret provided.", ["unrelated-secret"])).toBe(
      "AADSTS7000215: Invalid client secret provided.",
    );
  });
});

describe("redactedCause", () => {
  it("copies names and redacted messages of the whole chain and nothing else", () => {
    const inner = Object.assign(new Error(`inner holds s3cr3t-value and ${JWT}`), { name: "ServerError", request: { body: "s3cr3t-value" } });
    const outer = new Error("outer", { cause: inner });
    outer.name = "AuthenticationRequiredError";
    const copy = redactedCause(outer, ["s3cr3t-value"]);
    expect(copy?.name).toBe("AuthenticationRequiredError");
    expect(copy?.message).toBe("outer");
    const copiedInner = copy?.cause as Error;
    expect(copiedInner.name).toBe("ServerError");
    expect(copiedInner.message).toBe("inner holds *** and ***");
    expect(Object.keys(copiedInner)).not.toContain("request");
    expect(JSON.stringify(copy, Object.getOwnPropertyNames(copy))).not.toContain("s3cr3t-value");
  });

  it("wraps thrown non-errors", () => {
    expect(redactedCause("plain s3cr3t-value", ["s3cr3t-value"])?.message).toBe("plain ***");
    expect(redactedCause(undefined, [])).toBeUndefined();
  });
});
