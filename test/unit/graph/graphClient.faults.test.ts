import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GraphClient, type GraphClientOptions, type CallOptions } from "../../../provider/graph/client";
import { GraphRequestError } from "../../../provider/graph/errors";
import { capture, directoryError, fail, graphError, respond, ScriptedTransport, type ScriptedAnswer } from "./scriptedTransport";

const SP = "11111111-2222-3333-4444-555555555555";
const SECRET = "s3cr3t-SCIM-token-value-4711";
const TOKEN = "eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJncmFwaCJ9.bearer-signature-0815";
const START = Date.parse("2026-11-30T10:00:00.000Z");

type Operation = "PUT" | "GET";

function client(transport: ScriptedTransport, options: Partial<GraphClientOptions> = {}): GraphClient {
  return new GraphClient({
    graphEndpoint: "https://graph.example.test",
    getAccessToken: () => Promise.resolve(TOKEN),
    transport,
    // No jitter: the waits below are exact.
    retry: { jitter: "none", ...options.retry },
    ...options,
  });
}

function success(operation: Operation): ScriptedAnswer {
  return operation === "PUT" ? respond(204) : respond(200, JSON.stringify({ value: [{ key: "SecretToken", value: "*" }] }));
}

async function run(
  operation: Operation,
  graph: GraphClient,
  options: CallOptions = {},
): Promise<{ value?: unknown; error?: unknown }> {
  const pending =
    operation === "PUT"
      ? capture(graph.putSecrets(SP, "v1.0", [{ key: "SecretToken", value: SECRET }], options))
      : capture(graph.listSecrets(SP, "v1.0", options));
  await vi.runAllTimersAsync();
  return pending;
}

function asGraphError(error: unknown): GraphRequestError {
  expect(error).toBeInstanceOf(GraphRequestError);
  return error as GraphRequestError;
}

describe.each<Operation>(["PUT", "GET"])("Graph client faults on %s", (operation) => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: START });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([
    ["integer", "2", 2_000],
    ["fractional", "1.5", 1_500],
    ["HTTP-date", "Mon, 30 Nov 2026 10:00:03 GMT", 3_000],
  ])("retries a 429 and honours an %s Retry-After", async (_form, retryAfter, expectedWait) => {
    const transport = new ScriptedTransport([graphError(429, "TooManyRequests", "", { "retry-after": retryAfter }), success(operation)]);
    const outcome = await run(operation, client(transport));
    expect(outcome.error).toBeUndefined();
    expect(transport.sent).toHaveLength(2);
    expect(transport.gaps()).toEqual([expectedWait]);
  });

  it("backs off exponentially on a 429 without Retry-After", async () => {
    const transport = new ScriptedTransport([
      graphError(429, "TooManyRequests"),
      graphError(429, "TooManyRequests"),
      graphError(429, "TooManyRequests"),
      success(operation),
    ]);
    const outcome = await run(operation, client(transport));
    expect(outcome.error).toBeUndefined();
    expect(transport.gaps()).toEqual([1_000, 2_000, 4_000]);
  });

  it("retries a 503 and honours its Retry-After", async () => {
    const transport = new ScriptedTransport([graphError(503, "serviceNotAvailable", "", { "retry-after": "4" }), success(operation)]);
    const outcome = await run(operation, client(transport));
    expect(outcome.error).toBeUndefined();
    expect(transport.gaps()).toEqual([4_000]);
  });

  it("retries a 503 without Retry-After with backoff", async () => {
    const transport = new ScriptedTransport([graphError(503, "serviceNotAvailable"), graphError(503, "serviceNotAvailable"), success(operation)]);
    const outcome = await run(operation, client(transport));
    expect(outcome.error).toBeUndefined();
    expect(transport.gaps()).toEqual([1_000, 2_000]);
  });

  it("retries a 504", async () => {
    const transport = new ScriptedTransport([graphError(504, "GatewayTimeout"), success(operation)]);
    const outcome = await run(operation, client(transport));
    expect(outcome.error).toBeUndefined();
    expect(transport.sent).toHaveLength(2);
    expect(transport.gaps()).toEqual([1_000]);
  });

  it("retries a connection reset", async () => {
    const transport = new ScriptedTransport([fail("network", "ECONNRESET"), success(operation)]);
    const outcome = await run(operation, client(transport));
    expect(outcome.error).toBeUndefined();
    expect(transport.gaps()).toEqual([1_000]);
  });

  it("retries an attempt that timed out, and limits each attempt to the attempt timeout", async () => {
    const transport = new ScriptedTransport([fail("timeout", "ATTEMPT_TIMEOUT"), success(operation)]);
    const outcome = await run(operation, client(transport, { attemptTimeoutMs: 7_000 }));
    expect(outcome.error).toBeUndefined();
    expect(transport.sent.map((attempt) => attempt.request.timeoutMs)).toEqual([7_000, 7_000]);
  });

  it("sends one client-request-id per call and numbers the retries", async () => {
    const transport = new ScriptedTransport([fail("network", "ECONNRESET"), graphError(503, "x"), success(operation)]);
    await run(operation, client(transport));
    const headers = transport.sent.map((attempt) => attempt.request.headers);
    const ids = new Set(headers.map((sent) => sent["client-request-id"]));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers.map((sent) => sent["Retry-Attempt"])).toEqual([undefined, "1", "2"]);
    expect(headers[0]?.Authorization).toBe(`Bearer ${TOKEN}`);
    expect(headers[0]?.["User-Agent"]).toBe("pulumi-graph-sync");
  });

  it("retries a 404 inside the consistency window", async () => {
    const transport = new ScriptedTransport([
      graphError(404, "Request_ResourceNotFound"),
      graphError(404, "Request_ResourceNotFound"),
      success(operation),
    ]);
    const outcome = await run(operation, client(transport));
    expect(outcome.error).toBeUndefined();
    expect(transport.gaps()).toEqual([1_000, 2_000]);
  });

  it.each([
    ["400 NoBackingApplicationObject", () => directoryError(400, "Request_BadRequest", "NoBackingApplicationObject")],
    ["403 Authorization_RequestDenied", () => graphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")],
    ["409 Directory_ConcurrencyViolation", () => graphError(409, "Directory_ConcurrencyViolation")],
    ["401 UnknownError with Graph's body", () => graphError(401, "UnknownError")],
  ])("waits out a new principal's %s inside the consistency window", async (_answer, answer) => {
    const transport = new ScriptedTransport([answer(), answer(), success(operation)]);
    const outcome = await run(operation, client(transport));
    expect(outcome.error).toBeUndefined();
    expect(transport.gaps()).toEqual([1_000, 2_000]);
  });

  it("reports a 403 that outlasts the window as the missing permission, saying how long it waited", async () => {
    const transport = new ScriptedTransport([], graphError(403, "Authorization_RequestDenied"));
    const error = asGraphError((await run(operation, client(transport, { consistencyWindowMs: 10_000 }))).error);
    expect(error).toMatchObject({ kind: "permission", status: 403, stoppedBy: "consistencyWindow", attempts: 5 });
    expect(error.message).toContain("Microsoft Graph denied");
    expect(error.message).toContain("Synchronization.ReadWrite.All");
    expect(error.message).toContain(
      "The client waited 10 s over 5 attempts, in case the service principal was still replicating (graphsync:consistencyWindow is 10 s).",
    );
  });

  it("reads naturally with a consistency window of 0 s: one attempt, and the reason it was not waited out", async () => {
    for (const answer of [graphError(403, "Authorization_RequestDenied"), graphError(404, "Request_ResourceNotFound")]) {
      const transport = new ScriptedTransport([answer]);
      const error = asGraphError((await run(operation, client(transport, { consistencyWindowMs: 0 }))).error);
      expect(error.attempts).toBe(1);
      expect(error.message).toContain(
        "A service principal created moments ago may still be replicating; graphsync:consistencyWindow is 0 s, so the client did not wait for it.",
      );
      expect(error.message).not.toMatch(/waited|after 0 s|up to 0 s/);
    }
  });

  it("reports a NoBackingApplicationObject that outlasts the window as a principal that is not ready, not bad input", async () => {
    const transport = new ScriptedTransport([], directoryError(400, "Request_BadRequest", "NoBackingApplicationObject"));
    const error = asGraphError((await run(operation, client(transport, { consistencyWindowMs: 3_000 }))).error);
    expect(error).toMatchObject({ kind: "invalidRequest", innerCode: "NoBackingApplicationObject", stoppedBy: "consistencyWindow" });
    expect(error.message).toContain("kept refusing");
    expect(error.message).toContain("as it does while a service principal replicates");
    expect(error.message).not.toContain("Check the declared credentials");
  });

  it("stops retrying a 404 at the end of the consistency window and says how long it waited", async () => {
    const transport = new ScriptedTransport([], graphError(404, "Request_ResourceNotFound"));
    const outcome = await run(operation, client(transport, { consistencyWindowMs: 10_000 }));
    const error = asGraphError(outcome.error);
    expect(error.kind).toBe("notFound");
    expect(error.status).toBe(404);
    expect(error.stoppedBy).toBe("consistencyWindow");
    // Waits of 1, 2, 4 s, then the last one cut to end with the window (3 s): five attempts, the last at 10 s.
    expect(transport.gaps()).toEqual([1_000, 2_000, 4_000, 3_000]);
    expect(error.attempts).toBe(5);
    expect(error.elapsedMs).toBe(10_000);
    expect(error.message).toContain(`Service principal ${SP} was not found (404 Request_ResourceNotFound)`);
    expect(error.message).toContain("The client waited 10 s over 5 attempts");
    expect(error.message).toContain("object id of the service principal");
  });

  it("does not retry a 404 when the caller knows the principal existed", async () => {
    const transport = new ScriptedTransport([graphError(404, "Request_ResourceNotFound")]);
    const outcome = await run(operation, client(transport), { awaitReplication: false });
    const error = asGraphError(outcome.error);
    expect(error.kind).toBe("notFound");
    expect(error.attempts).toBe(1);
    expect(error.message).toContain(`Service principal ${SP} was not found (404 Request_ResourceNotFound)`);
  });

  it("does not wait out a 403 or 401 when the caller knows the principal existed", async () => {
    for (const answer of [graphError(403, "Authorization_RequestDenied"), graphError(401, "UnknownError")]) {
      const transport = new ScriptedTransport([answer]);
      const error = asGraphError((await run(operation, client(transport), { awaitReplication: false })).error);
      expect(error).toMatchObject({ kind: "permission", attempts: 1 });
      expect(error.message).not.toContain("replicating");
    }
  });

  it("reads a 404 that is not Graph's not-found as an unexpected answer, naming status and content type", async () => {
    const transport = new ScriptedTransport([respond(404, "<html><body>Not Found</body></html>", { "content-type": "text/html" })]);
    const error = asGraphError((await run(operation, client(transport))).error);
    expect(error).toMatchObject({ kind: "unexpectedResponse", status: 404, attempts: 1 });
    expect(error.requestId).toBeUndefined();
    expect(error.message).toContain("got an answer the client cannot use (404)");
    expect(error.message).toContain("content type text/html");
  });

  it("explains a 401 UnknownError as a missing permission or ownership", async () => {
    const transport = new ScriptedTransport([graphError(401, "UnknownError", "")]);
    const error = asGraphError((await run(operation, client(transport), { awaitReplication: false })).error);
    expect(error.kind).toBe("permission");
    expect(error.status).toBe(401);
    expect(error.attempts).toBe(1);
    expect(error.message).toContain("Synchronization.ReadWrite.All");
    expect(error.message).toContain(`Application.ReadWrite.OwnedBy together with ownership of the service principal ${SP}`);
    expect(error.message).toContain("request-id req-1");
  });

  it("explains a 403 Authorization_RequestDenied as a missing permission", async () => {
    const transport = new ScriptedTransport([graphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")]);
    const error = asGraphError((await run(operation, client(transport), { awaitReplication: false })).error);
    expect(error.kind).toBe("permission");
    expect(error.code).toBe("Authorization_RequestDenied");
    expect(error.message).toContain("Synchronization.ReadWrite.All");
    expect(error.message).toContain('Graph says: "Insufficient privileges to complete the operation." [');
  });

  it("explains a 401 InvalidAuthenticationToken as a rejected token", async () => {
    const transport = new ScriptedTransport([graphError(401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.")]);
    const error = asGraphError((await run(operation, client(transport))).error);
    expect(error.kind).toBe("authentication");
    expect(error.message).toContain("rejected the access token");
    expect(error.message).toContain("Set graphsync:cloud (or azuread:environment) to that cloud");
  });

  it("names the inner code of a 400 with the synchronization service's JSON error", async () => {
    const packed = JSON.stringify({ error: { code: "InvalidNotificationSettings", message: "Notification settings are invalid." } });
    const transport = new ScriptedTransport([graphError(400, "UnknownError", packed)]);
    const error = asGraphError((await run(operation, client(transport))).error);
    expect(error.kind).toBe("invalidRequest");
    expect(error.innerCode).toBe("InvalidNotificationSettings");
    expect(error.attempts).toBe(1);
    expect(error.message).toContain("inner code InvalidNotificationSettings");
    expect(error.message).toContain('Graph says: "Notification settings are invalid."');
  });

  it("fails right away when the next Retry-After would pass the deadline", async () => {
    const transport = new ScriptedTransport([], graphError(429, "TooManyRequests", "", { "retry-after": "4" }));
    const outcome = await run(operation, client(transport, { operationTimeoutMs: 10_000 }));
    const error = asGraphError(outcome.error);
    expect(error.kind).toBe("throttled");
    expect(error.stoppedBy).toBe("deadline");
    // Attempts at 0, 4 and 8 s; the wait to 12 s would pass the 10 s deadline, so it gives up at 8 s, not 10.
    expect(error.attempts).toBe(3);
    expect(error.elapsedMs).toBe(8_000);
    expect(error.message).toContain("kept throttling");
    expect(error.message).toContain("3 attempt(s)");
    expect(error.message).toContain("waiting 4 s more would pass the operation deadline of 10 s");
    expect(error.message).toContain("graphsync:operationTimeout");
  });

  it("caps a very long Retry-After", async () => {
    const transport = new ScriptedTransport([graphError(429, "TooManyRequests", "", { "retry-after": "3600" }), success(operation)]);
    const outcome = await run(operation, client(transport, { retry: { maxRetryAfterMs: 5_000 } }));
    expect(outcome.error).toBeUndefined();
    expect(transport.gaps()).toEqual([5_000]);
  });

  it("stops at the attempt limit", async () => {
    const transport = new ScriptedTransport([], graphError(503, "serviceNotAvailable"));
    const error = asGraphError((await run(operation, client(transport, { retry: { maxAttempts: 3 } }))).error);
    expect(error.kind).toBe("server");
    expect(error.stoppedBy).toBe("maxAttempts");
    expect(transport.sent).toHaveLength(3);
  });

  it("reports timeouts that last until the deadline", async () => {
    const transport = new ScriptedTransport([], fail("timeout", "ATTEMPT_TIMEOUT"));
    const error = asGraphError((await run(operation, client(transport, { operationTimeoutMs: 5_000 }))).error);
    expect(error.kind).toBe("timeout");
    expect(error.stoppedBy).toBe("deadline");
    expect(error.status).toBe(0);
    expect(error.message).toContain("timed out");
  });

  it("does not retry a network failure that is not transient", async () => {
    const transport = new ScriptedTransport([fail("network", "CERT_HAS_EXPIRED")]);
    const error = asGraphError((await run(operation, client(transport))).error);
    expect(error.kind).toBe("network");
    expect(error.networkCode).toBe("CERT_HAS_EXPIRED");
    expect(error.attempts).toBe(1);
    expect(error.message).toContain("Could not reach Microsoft Graph at https://graph.example.test");
  });

  it("does not retry a 500", async () => {
    const transport = new ScriptedTransport([graphError(500, "InternalServerError")]);
    const error = asGraphError((await run(operation, client(transport))).error);
    expect(error.kind).toBe("server");
    expect(error.attempts).toBe(1);
  });

  it("reports a redirect as an answer it cannot use", async () => {
    const transport = new ScriptedTransport([respond(302, "", { location: "https://elsewhere.example/" })]);
    const error = asGraphError((await run(operation, client(transport))).error);
    expect(error.kind).toBe("unexpectedResponse");
    expect(error.message).toContain("redirect");
  });

  it("passes an error of the token source on unchanged", async () => {
    const tokenError = new Error("credential unavailable");
    const transport = new ScriptedTransport([]);
    const graph = client(transport, { getAccessToken: () => Promise.reject(tokenError) });
    expect((await run(operation, graph)).error).toBe(tokenError);
    expect(transport.sent).toHaveLength(0);
  });

  it("logs one line per attempt with ids and allow-listed headers only", async () => {
    const lines: string[] = [];
    const transport = new ScriptedTransport([
      graphError(429, "TooManyRequests", "", { "retry-after": "1", "set-cookie": "x=1", "x-ms-throttle-scope": "Tenant" }),
      success(operation),
    ]);
    await run(operation, client(transport, { logger: { enabled: true, log: (line) => lines.push(line) } }));
    expect(lines).toHaveLength(2);
    const clientRequestId = transport.sent[0]?.request.headers["client-request-id"] ?? "";
    expect(lines[0]).toBe(
      `graphsync: ${operation} /v1.0/servicePrincipals/${SP}/synchronization/secrets status=429 attempt=1 durationMs=1 ` +
        `request-id=req-1 client-request-id=${clientRequestId} retry-after=1 date=Mon, 30 Nov 2026 10:00:00 GMT ` +
        "x-ms-throttle-scope=Tenant",
    );
    expect(lines[1]).toContain(`status=${operation === "PUT" ? 204 : 200} attempt=2`);
  });

  it("keeps secrets and tokens out of the error, however it is printed", async () => {
    // A GET sends no value, so only a PUT can have one echoed back.
    const value = operation === "PUT" ? SECRET : "(none)";
    const echoed = `Value ${value} for SecretToken rejected; token ${TOKEN} Bearer ${TOKEN}`;
    const transport = new ScriptedTransport([graphError(400, "BadRequest", echoed, { "www-authenticate": `Bearer ${TOKEN}` })]);
    const error = asGraphError((await run(operation, client(transport))).error);
    const renderings = [
      error.message,
      String(error),
      error.stack ?? "",
      JSON.stringify(error),
      inspect(error, { depth: 10, showHidden: true }),
      JSON.stringify(error.cause),
    ];
    for (const text of renderings) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain("signature-0815");
    }
    if (operation === "PUT") {
      expect(error.message).toContain("Value [REDACTED] for SecretToken rejected");
    }
    expect(error.cause).toEqual({ attempt: 1, status: 400, graphCode: "BadRequest", durationMs: 1 });
  });
});

describe("Graph client throttle gate", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: START });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("holds the other calls of the process while Graph asks one to wait", async () => {
    const transport = new ScriptedTransport([graphError(429, "TooManyRequests", "", { "retry-after": "3" })]);
    const graph = client(transport);
    const first = capture(graph.putSecrets(SP, "v1.0", [{ key: "SecretToken", value: SECRET }]));
    await vi.advanceTimersByTimeAsync(1_000);
    const second = capture(graph.putSecrets("99999999-8888-4777-8666-555555555555", "v1.0", [{ key: "SecretToken", value: SECRET }]));
    await vi.runAllTimersAsync();
    expect((await first).error).toBeUndefined();
    expect((await second).error).toBeUndefined();
    // The second call was not sent at 1 s, into certain throttling, but when the gate reopened at 3 s.
    expect(transport.sent.map((attempt) => attempt.at - START)).toEqual([0, 3_000, 3_000]);
  });

  it("lets the other calls through at once when the gate is switched off", async () => {
    const transport = new ScriptedTransport([graphError(429, "TooManyRequests", "", { "retry-after": "3" })]);
    const graph = client(transport, { retry: { throttleGate: false } });
    const first = capture(graph.putSecrets(SP, "v1.0", [{ key: "SecretToken", value: SECRET }]));
    await vi.advanceTimersByTimeAsync(1_000);
    const second = capture(graph.putSecrets("99999999-8888-4777-8666-555555555555", "v1.0", [{ key: "SecretToken", value: SECRET }]));
    await vi.runAllTimersAsync();
    await first;
    await second;
    expect(transport.sent.map((attempt) => attempt.at - START)).toEqual([0, 1_000, 3_000]);
  });

  it("reports the last answer of a call that the closed gate stops before its next attempt", async () => {
    const transport = new ScriptedTransport([
      graphError(429, "TooManyRequests", "", { "retry-after": "1" }),
      graphError(429, "TooManyRequests", "", { "retry-after": "100" }),
    ]);
    const graph = client(transport, { operationTimeoutMs: 30_000 });
    const first = capture(graph.putSecrets(SP, "v1.0", [{ key: "SecretToken", value: SECRET }]));
    await vi.advanceTimersByTimeAsync(0);
    // Queued at the gate behind the first call's 1 s hold, the second call goes first when it reopens; its 429 asks
    // for 100 s, which keeps the gate closed past the first call's deadline.
    const second = capture(graph.putSecrets("99999999-8888-4777-8666-555555555555", "v1.0", []));
    await vi.runAllTimersAsync();
    const error = asGraphError((await first).error);
    expect(error.kind).toBe("throttled");
    expect(error.attempts).toBe(1);
    expect(error.status).toBe(429);
    expect(error.message).toContain("kept throttling PUT");
    expect(error.message).toContain("(429 TooManyRequests)");
    expect(asGraphError((await second).error).stoppedBy).toBe("deadline");
  });

  it("fails a call at once when the gate stays closed past its deadline", async () => {
    const transport = new ScriptedTransport([graphError(429, "TooManyRequests", "", { "retry-after": "120" })]);
    const graph = client(transport, { operationTimeoutMs: 60_000 });
    const first = capture(graph.putSecrets(SP, "v1.0", [{ key: "SecretToken", value: SECRET }]));
    await vi.advanceTimersByTimeAsync(0);
    const second = capture(graph.putSecrets("99999999-8888-4777-8666-555555555555", "v1.0", []));
    await vi.advanceTimersByTimeAsync(0);
    const error = asGraphError((await second).error);
    expect(error.kind).toBe("throttled");
    expect(error.attempts).toBe(0);
    expect(error.message).toContain("throttling this process");
    expect(Date.now() - START).toBe(0);
    await vi.runAllTimersAsync();
    expect(asGraphError((await first).error).stoppedBy).toBe("deadline");
  });
});
