import { describe, expect, it } from "vitest";
import { createDebugLogger, formatAttemptLine } from "../../../provider/diagnostics/debugLogger";

describe("createDebugLogger", () => {
  it("writes lines when enabled", () => {
    const lines: string[] = [];
    const logger = createDebugLogger(true, (line) => lines.push(line));
    logger.log("one");
    expect(logger.enabled).toBe(true);
    expect(lines).toEqual(["one"]);
  });

  it("writes nothing when disabled", () => {
    const lines: string[] = [];
    const logger = createDebugLogger(false, (line) => lines.push(line));
    logger.log("one");
    expect(logger.enabled).toBe(false);
    expect(lines).toEqual([]);
  });
});

describe("formatAttemptLine", () => {
  it("writes method, path without query values, status, attempt, duration, ids and allow-listed headers only", () => {
    const line = formatAttemptLine({
      method: "GET",
      target: "/v1.0/servicePrincipals/sp/synchronization/secrets?$skiptoken=page-secret",
      outcome: 429,
      attempt: 2,
      durationMs: 12.6,
      requestId: "r-1",
      clientRequestId: "c-1",
      responseHeaders: {
        authorization: "Bearer t0ken",
        "set-cookie": "session=abc",
        "www-authenticate": 'Bearer error="invalid_token"',
        "content-type": "application/json",
        "x-ms-throttle-scope": "Tenant_Application/ReadWrite/a/b",
        date: "Mon, 30 Nov 2026 10:00:00 GMT",
        "retry-after": "2",
      },
    });
    expect(line).toBe(
      "graphsync: GET /v1.0/servicePrincipals/sp/synchronization/secrets?$skiptoken=[REDACTED] status=429 attempt=2 " +
        "durationMs=13 request-id=r-1 client-request-id=c-1 retry-after=2 date=Mon, 30 Nov 2026 10:00:00 GMT " +
        "x-ms-throttle-scope=Tenant_Application/ReadWrite/a/b",
    );
  });

  it("names the network failure, strips odd characters from ids and keeps a forged header on one line", () => {
    const line = formatAttemptLine({
      method: "PUT",
      target: "/v1.0/x",
      outcome: "ECONNRESET",
      attempt: 1,
      durationMs: 3,
      clientRequestId: "c-1\nforged",
      responseHeaders: { "retry-after": `1\nforged line ${"x".repeat(500)}` },
    });
    expect(line.split("\n")).toHaveLength(1);
    expect(line.startsWith("graphsync: PUT /v1.0/x status=ECONNRESET attempt=1 durationMs=3 client-request-id=c-1forged retry-after=1 forged line")).toBe(true);
    expect(line.length).toBeLessThan(320);
  });

  it("hides a value of the call that a server repeats in its request id or an allow-listed header", () => {
    const line = formatAttemptLine({
      method: "PUT",
      target: "/v1.0/servicePrincipals/sp/synchronization/secrets",
      outcome: 400,
      attempt: 1,
      durationMs: 3,
      requestId: "echo-s3cretvalue42",
      clientRequestId: "c-1",
      responseHeaders: { "x-ms-ags-diagnostic": '{"echo":"s3cretvalue42"}' },
      known: ["s3cretvalue42"],
    });
    expect(line).not.toContain("s3cretvalue42");
    expect(line).toContain("request-id=echo-REDACTED");
    expect(line).toContain('x-ms-ags-diagnostic={"echo":"[REDACTED]"}');
  });
});
