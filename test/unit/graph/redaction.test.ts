import { describe, expect, it } from "vitest";
import { formatAttemptLine } from "../../../provider/diagnostics/attemptLine";
import { scrubKnownValues, scrubTokenShapes } from "../../../provider/diagnostics/knownValues";
import { pickLoggedHeaders } from "../../../provider/diagnostics/loggedHeaders";
import { redactQueryValues } from "../../../provider/diagnostics/redactedPath";

describe("redactQueryValues", () => {
  it("keeps the path and the parameter names and hides every value", () => {
    expect(redactQueryValues("/v1.0/x?$skiptoken=abc&top=5&flag")).toBe(
      "/v1.0/x?$skiptoken=REDACTED&top=REDACTED&flag=REDACTED",
    );
  });

  it("leaves a path without a query unchanged and drops a fragment", () => {
    expect(redactQueryValues("/v1.0/x")).toBe("/v1.0/x");
    expect(redactQueryValues("/v1.0/x?")).toBe("/v1.0/x");
    expect(redactQueryValues("/v1.0/x#frag?a=1")).toBe("/v1.0/x");
  });
});

describe("pickLoggedHeaders", () => {
  it("keeps only allow-listed headers, in a fixed order", () => {
    const picked = pickLoggedHeaders({
      authorization: "Bearer secret-token",
      "set-cookie": "session=abc",
      "www-authenticate": 'Bearer error="invalid_token"',
      date: "Mon, 30 Nov 2026 10:00:00 GMT",
      "retry-after": "2",
      "x-ms-throttle-scope": "Tenant_Application/ReadWrite/a/b",
      "request-id": "r-1",
    });
    expect(picked).toEqual([
      "retry-after=2",
      "date=Mon, 30 Nov 2026 10:00:00 GMT",
      "x-ms-throttle-scope=Tenant_Application/ReadWrite/a/b",
    ]);
  });

  it("flattens control characters and cuts long values so a server cannot forge log lines", () => {
    const [line] = pickLoggedHeaders({ "retry-after": `1\nforged line ${"x".repeat(500)}` });
    expect(line).not.toContain("\n");
    expect(line?.length).toBeLessThan(230);
  });
});

describe("scrubKnownValues", () => {
  it("replaces a value verbatim and in its JSON-escaped form", () => {
    const value = 'p@ss"word\\1';
    const text = `raw ${value} escaped ${JSON.stringify(value)}`;
    const scrubbed = scrubKnownValues(text, [value]);
    expect(scrubbed).not.toContain(value);
    expect(scrubbed).not.toContain(JSON.stringify(value).slice(1, -1));
    expect(scrubbed).toBe('raw [REDACTED] escaped "[REDACTED]"');
  });

  it("replaces the longer of two overlapping values whole", () => {
    expect(scrubKnownValues("token-abcdef", ["token", "token-abcdef"])).toBe("[REDACTED]");
  });

  it("leaves very short values alone so messages stay readable", () => {
    expect(scrubKnownValues("enabled: true, count 0", ["true", "0"])).toBe("enabled: [REDACTED], count 0");
  });
});

describe("scrubTokenShapes", () => {
  it("hides bearer tokens and JSON Web Tokens", () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
    const scrubbed = scrubTokenShapes(`header Bearer abc.def-ghi and ${jwt} end`);
    expect(scrubbed).toBe("header Bearer [REDACTED] and [REDACTED] end");
  });
});

describe("formatAttemptLine", () => {
  it("writes method, path without query values, status, attempt, duration, ids and allow-listed headers", () => {
    const line = formatAttemptLine({
      method: "GET",
      target: "/v1.0/servicePrincipals/sp/synchronization/secrets?$skiptoken=page-secret",
      outcome: 429,
      attempt: 2,
      durationMs: 12.6,
      requestId: "r-1",
      clientRequestId: "c-1",
      responseHeaders: { "retry-after": "2", authorization: "Bearer t0ken", "content-type": "application/json" },
    });
    expect(line).toBe(
      "graphsync: GET /v1.0/servicePrincipals/sp/synchronization/secrets?$skiptoken=REDACTED status=429 attempt=2 " +
        "durationMs=13 request-id=r-1 client-request-id=c-1 retry-after=2",
    );
  });

  it("names the network failure when no response came and strips odd characters from ids", () => {
    const line = formatAttemptLine({
      method: "PUT",
      target: "/v1.0/x",
      outcome: "ECONNRESET",
      attempt: 1,
      durationMs: 3,
      clientRequestId: "c-1\nforged",
    });
    expect(line).toBe("graphsync: PUT /v1.0/x status=ECONNRESET attempt=1 durationMs=3 client-request-id=c-1forged");
  });
});
