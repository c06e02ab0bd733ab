import { describe, expect, it } from "vitest";
import { keepExpected, printable, REDACTED, redactQueryValues, sanitizedCause, scrub } from "../../../provider/diagnostics/sanitizer";

const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm9yZy9yZXBvIn0.c2lnbmF0dXJlLXBhcnQ";

describe("scrub", () => {
  it("replaces a known value verbatim and in its JSON-escaped form", () => {
    const value = 'p@ss"word\\1';
    const text = `raw ${value} escaped ${JSON.stringify(value)}`;
    expect(scrub(text, [value])).toBe(`raw ${REDACTED} escaped "${REDACTED}"`);
  });

  it("replaces overlapping values as one run", () => {
    expect(scrub("token-abcdef!", ["token", "token-abcdef"])).toBe(`${REDACTED}!`);
  });

  it("removes values of any length, a short one where it stands alone", () => {
    expect(scrub("enabled: true, count 0, 100 items, x=0", ["true", "0"])).toBe(
      `enabled: ${REDACTED}, count ${REDACTED}, 100 items, x=${REDACTED}`,
    );
    expect(scrub("value {} refused", ["{}"])).toBe(`value ${REDACTED} refused`);
  });

  it("removes partial echoes: any run of eight characters of a known value", () => {
    const secret = "s3cr3t-SCIM-token-value-4711";
    expect(scrub("Value 's3cr3t-SCIM-tok...' is invalid", [secret])).toBe(`Value '${REDACTED}...' is invalid`);
    expect(scrub("ends with alue-4711.", [secret])).toBe(`ends with ${REDACTED}.`);
    // Seven characters from the middle of the value are neither a run of eight nor a start or end.
    expect(scrub("only IM-toke is shared", [secret])).toBe("only IM-toke is shared");
  });

  it("removes cut-off echoes: a start or end of three characters or more that stands alone", () => {
    const secret = "s3cr3t-SCIM-token-value-4711";
    // What Graph's error echo reading shows: the first half of a value, at most eight characters.
    expect(scrub("The request included SecretToken 's3cr3t...'.", [secret])).toBe(`The request included SecretToken '${REDACTED}...'.`);
    expect(scrub("value ends ...e-4711 and starts s3c.", [secret])).toBe(`value ends ...${REDACTED} and starts ${REDACTED}.`);
    expect(scrub("token 'Xq7...' refused", ["Xq7pL0vZ"])).toBe(`token '${REDACTED}...' refused`);
    expect(scrub("last four 4711", ["9999-0000-4711"])).toBe(`last four ${REDACTED}`);
    // Not where it is part of a longer word, nor shorter than three characters.
    expect(scrub("s3cr3tive and 's3...'", [secret])).toBe("s3cr3tive and 's3...'");
  });

  it("spares the whole words of a value, which are ordinary words of a server's sentence", () => {
    expect(scrub("Invalid client secret provided", ["unrelated-secret"])).toBe("Invalid client secret provided");
    expect(scrub("BaseAddress must be an https URL", ["https://scim.example/v2"])).toBe("BaseAddress must be an https URL");
    expect(scrub("failed to write the token", ["token-value-4711"])).toBe("failed to write the token");
  });

  it("removes JWTs, bearer tokens and credential fields it was not told about", () => {
    const text = `assertion ${JWT}; Authorization: Bearer opaque-token-123; client_secret=form-secret&x=1; "password":"pw-1"`;
    expect(scrub(text)).toBe(
      `assertion ${REDACTED}; Authorization: Bearer ${REDACTED}; client_secret=${REDACTED}&x=1; "password":"${REDACTED}"`,
    );
    expect(scrub(`header Bearer abc.def-ghi and ${JWT} end`)).toBe(`header Bearer ${REDACTED} and ${REDACTED} end`);
  });

  it("leaves ordinary text alone", () => {
    const text = "AADSTS7000215: Invalid client secret provided. Bearer, eyJ. and password policy apply.";
    expect(scrub(text, ["unrelated-secret"])).toBe(text);
  });

  it("cuts the text before it scrubs, and hides what is left of a value at the cut", () => {
    const secret = "tail-secret-value";
    const scrubbed = scrub(`${"x".repeat(1_020)}${secret}`, [secret]);
    expect(scrubbed).toBe(`${"x".repeat(1_020)}${REDACTED}`);
  });
});

describe("sanitizedCause", () => {
  it("copies names and scrubbed messages of the whole chain and nothing else", () => {
    const inner = Object.assign(new Error(`inner holds s3cr3t-value and ${JWT}`), { name: "ServerError", request: { body: "s3cr3t-value" } });
    const outer = new Error("outer", { cause: inner });
    outer.name = "AuthenticationRequiredError";
    const copy = sanitizedCause(outer, ["s3cr3t-value"]);
    expect(copy?.name).toBe("AuthenticationRequiredError");
    expect(copy?.message).toBe("outer");
    const copiedInner = copy?.cause as Error;
    expect(copiedInner.name).toBe("ServerError");
    expect(copiedInner.message).toBe(`inner holds ${REDACTED} and ${REDACTED}`);
    expect(Object.keys(copiedInner)).not.toContain("request");
    expect(JSON.stringify(copy, Object.getOwnPropertyNames(copy))).not.toContain("s3cr3t-value");
  });

  it("wraps thrown non-errors", () => {
    expect(sanitizedCause("plain s3cr3t-value", ["s3cr3t-value"])?.message).toBe(`plain ${REDACTED}`);
    expect(sanitizedCause(undefined, [])).toBeUndefined();
  });
});

describe("redactQueryValues", () => {
  it("keeps the path and the parameter names and hides every value", () => {
    expect(redactQueryValues("/v1.0/x?$skiptoken=abc&top=5&flag")).toBe(
      `/v1.0/x?$skiptoken=${REDACTED}&top=${REDACTED}&flag=${REDACTED}`,
    );
  });

  it("leaves a path without a query unchanged and drops a fragment", () => {
    expect(redactQueryValues("/v1.0/x")).toBe("/v1.0/x");
    expect(redactQueryValues("/v1.0/x?")).toBe("/v1.0/x");
    expect(redactQueryValues("/v1.0/x#frag?a=1")).toBe("/v1.0/x");
  });
});

describe("printable and keepExpected", () => {
  it("flattens control characters and cuts long text, so a server cannot forge log lines", () => {
    expect(printable(`1\nforged\r\nline ${"x".repeat(500)}`, 200)).toBe(`1 forged line ${"x".repeat(186)}...`);
  });

  it("keeps only the characters an id, a code or a date can have", () => {
    expect(keepExpected("c-1\nforged<script>", "id")).toBe("c-1forgedscript");
    expect(keepExpected("Authorization_RequestDenied!", "code")).toBe("Authorization_RequestDenied");
    expect(keepExpected("Mon, 30 Nov 2026 10:00:00 GMT\n", "date")).toBe("Mon, 30 Nov 2026 10:00:00 GMT");
    expect(keepExpected("\n\n", "id")).toBeUndefined();
  });
});
