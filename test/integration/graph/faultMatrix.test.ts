import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphClient, GraphClientOptions } from "../../../provider/graph/client";
import { GraphRequestError } from "../../../provider/graph/errors";
import { BELIEF_VALUES, type ReplicationAnswer } from "../../emulator";
import { arrivalGaps, canaryValue, GraphFixture } from "./graphFixture";

type Operation = "PUT" | "GET";

// Fast waits, so the matrix runs in seconds; the behaviour is the same as with the defaults.
const FAST: Partial<GraphClientOptions> = {
  attemptTimeoutMs: 2_000,
  operationTimeoutMs: 20_000,
  consistencyWindowMs: 10_000,
  retry: { baseDelayMs: 200, maxDelayMs: 1_000, replicationBaseDelayMs: 200, replicationMaxDelayMs: 400 },
};
// Arrival times are logged with millisecond precision.
const CLOCK_SLACK_MS = 2;
// How much later than asked a retry may come on a loaded two-core machine.
const LATE_SLACK_MS = 1_500;

let fixture: GraphFixture;
const canary = canaryValue();

beforeAll(async () => {
  fixture = await GraphFixture.start();
});

afterAll(async () => {
  await fixture.close();
});

interface Outcome {
  error?: GraphRequestError;
  pairs?: Array<{ key: string; value: string }>;
  elapsedMs: number;
}

async function perform(operation: Operation, client: GraphClient, servicePrincipalId: string): Promise<Outcome> {
  const started = Date.now();
  try {
    if (operation === "PUT") {
      await client.putSecrets(servicePrincipalId, "v1.0", [
        { key: "BaseAddress", value: "https://scim.example.test/v2" },
        { key: "SecretToken", value: canary },
      ]);
      return { elapsedMs: Date.now() - started };
    }
    const pairs = await client.listSecrets(servicePrincipalId, "v1.0");
    return { pairs, elapsedMs: Date.now() - started };
  } catch (error: unknown) {
    fixture.recordError(error);
    if (!(error instanceof GraphRequestError)) {
      throw error;
    }
    return { error, elapsedMs: Date.now() - started };
  }
}

function successStatus(operation: Operation): number {
  return operation === "PUT" ? 204 : 200;
}

function expectSucceeded(operation: Operation, outcome: Outcome, servicePrincipalId: string): void {
  expect(outcome.error).toBeUndefined();
  if (operation === "PUT") {
    expect(fixture.emulator.storedSecrets(servicePrincipalId)?.["SecretToken"]).toBe(canary);
  } else {
    expect(outcome.pairs).toEqual([{ key: "BaseAddress", value: "https://scim.example.test/v1" }]);
  }
}

function principalWithSecrets(options: { replicationDelayMs?: number; replicationAnswer?: ReplicationAnswer } = {}): string {
  const id = fixture.servicePrincipal(options);
  fixture.emulator.setStoredSecrets(id, { BaseAddress: "https://scim.example.test/v1" });
  return id;
}

function expectWait(gap: number | undefined, expectedMs: number): void {
  expect(gap).toBeGreaterThanOrEqual(expectedMs - CLOCK_SLACK_MS);
  expect(gap).toBeLessThan(expectedMs + LATE_SLACK_MS);
}

describe.each<Operation>(["PUT", "GET"])("Graph client against the emulator: %s", (operation) => {
  it.each([
    ["integer", "1", 1_000],
    ["fractional", "0.45", 450],
  ])("retries a 429 with an %s Retry-After after exactly that wait", async (_form, retryAfter, waitMs) => {
    const sp = principalWithSecrets();
    fixture.emulator.injectFault({ method: operation, pathIncludes: sp, kind: "status", status: 429, retryAfter });
    const outcome = await perform(operation, fixture.client(FAST), sp);
    expectSucceeded(operation, outcome, sp);
    const requests = await fixture.requestsFor(sp);
    expect(requests.map((entry) => entry.status)).toEqual([429, successStatus(operation)]);
    expect(requests.map((entry) => entry.retryAttempt)).toEqual([undefined, "1"]);
    expect(new Set(requests.map((entry) => entry.clientRequestId)).size).toBe(1);
    expectWait(arrivalGaps(requests)[0], waitMs);
  });

  it("retries a 429 with an HTTP-date Retry-After no earlier than that date", async () => {
    const sp = principalWithSecrets();
    // A whole second at least 1.5 s ahead, so the date's one-second resolution cannot make the wait zero.
    const resumeAt = Math.ceil((Date.now() + 1_500) / 1_000) * 1_000;
    const retryAfter = new Date(resumeAt).toUTCString();
    fixture.emulator.injectFault({ method: operation, pathIncludes: sp, kind: "status", status: 429, retryAfter });
    const outcome = await perform(operation, fixture.client(FAST), sp);
    expectSucceeded(operation, outcome, sp);
    const requests = await fixture.requestsFor(sp);
    expect(requests.map((entry) => entry.status)).toEqual([429, successStatus(operation)]);
    const retriedAt = Date.parse(requests[1]?.time ?? "");
    expect(retriedAt).toBeGreaterThanOrEqual(resumeAt - CLOCK_SLACK_MS);
    expect(retriedAt).toBeLessThan(resumeAt + LATE_SLACK_MS);
  });

  it("retries a 429 without Retry-After with exponential backoff", async () => {
    const sp = principalWithSecrets();
    fixture.emulator.injectFault({ method: operation, pathIncludes: sp, kind: "status", status: 429, count: 2 });
    const outcome = await perform(operation, fixture.client(FAST), sp);
    expectSucceeded(operation, outcome, sp);
    const requests = await fixture.requestsFor(sp);
    expect(requests.map((entry) => entry.status)).toEqual([429, 429, successStatus(operation)]);
    // Equal jitter: between half and all of 200 ms, then of 400 ms.
    const [first, second] = arrivalGaps(requests);
    expect(first).toBeGreaterThanOrEqual(100 - CLOCK_SLACK_MS);
    expect(first).toBeLessThan(200 + LATE_SLACK_MS);
    expect(second).toBeGreaterThanOrEqual(200 - CLOCK_SLACK_MS);
    expect(second).toBeLessThan(400 + LATE_SLACK_MS);
  });

  it("retries a 503 and honours its Retry-After", async () => {
    const sp = principalWithSecrets();
    fixture.emulator.injectFault({ method: operation, pathIncludes: sp, kind: "status", status: 503, retryAfter: "0.6" });
    const outcome = await perform(operation, fixture.client(FAST), sp);
    expectSucceeded(operation, outcome, sp);
    const requests = await fixture.requestsFor(sp);
    expect(requests.map((entry) => entry.status)).toEqual([503, successStatus(operation)]);
    expectWait(arrivalGaps(requests)[0], 600);
  });

  it.each([[503], [504]])("retries a %i without Retry-After after a backoff", async (status) => {
    const sp = principalWithSecrets();
    fixture.emulator.injectFault({ method: operation, pathIncludes: sp, kind: "status", status });
    const outcome = await perform(operation, fixture.client(FAST), sp);
    expectSucceeded(operation, outcome, sp);
    const requests = await fixture.requestsFor(sp);
    expect(requests.map((entry) => entry.status)).toEqual([status, successStatus(operation)]);
    const [gap] = arrivalGaps(requests);
    expect(gap).toBeGreaterThanOrEqual(100 - CLOCK_SLACK_MS);
    expect(gap).toBeLessThan(200 + LATE_SLACK_MS);
  });

  it("retries a connection reset", async () => {
    const sp = principalWithSecrets();
    fixture.emulator.injectFault({ method: operation, pathIncludes: sp, kind: "reset" });
    const outcome = await perform(operation, fixture.client(FAST), sp);
    expectSucceeded(operation, outcome, sp);
    const requests = await fixture.requestsFor(sp);
    expect(requests.map((entry) => entry.status)).toEqual([0, successStatus(operation)]);
    expect(requests.map((entry) => entry.retryAttempt)).toEqual([undefined, "1"]);
    expect(fixture.logLines.some((line) => line.includes(sp) && /status=E[A-Z]+ attempt=1/.test(line))).toBe(true);
  });

  it("gives up on an attempt that hangs past the attempt timeout and retries", async () => {
    const sp = principalWithSecrets();
    fixture.emulator.injectFault({ method: operation, pathIncludes: sp, kind: "hang" });
    const outcome = await perform(operation, fixture.client({ ...FAST, attemptTimeoutMs: 600 }), sp);
    expectSucceeded(operation, outcome, sp);
    const requests = await fixture.requestsFor(sp);
    expect(requests.map((entry) => entry.status)).toEqual([0, successStatus(operation)]);
    // The hung attempt lasted the attempt timeout, then a backoff of 100-200 ms.
    const [gap] = arrivalGaps(requests);
    expect(gap).toBeGreaterThanOrEqual(600 + 100 - CLOCK_SLACK_MS);
    expect(gap).toBeLessThan(600 + 200 + LATE_SLACK_MS);
    expect(fixture.logLines.some((line) => line.includes(sp) && line.includes("status=ATTEMPT_TIMEOUT attempt=1"))).toBe(true);
  });

  it("waits for a slow response within the attempt timeout without retrying", async () => {
    const sp = principalWithSecrets();
    fixture.emulator.injectFault({ method: operation, pathIncludes: sp, kind: "slow", delayMs: 900 });
    const outcome = await perform(operation, fixture.client({ ...FAST, attemptTimeoutMs: 3_000 }), sp);
    expectSucceeded(operation, outcome, sp);
    expect((await fixture.requestsFor(sp)).map((entry) => entry.status)).toEqual([successStatus(operation)]);
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(900);
  });

  it("retries a 404 while a new service principal replicates", async () => {
    const created = Date.now();
    const sp = principalWithSecrets({ replicationDelayMs: 1_200 });
    const outcome = await perform(operation, fixture.client(FAST), sp);
    expectSucceeded(operation, outcome, sp);
    const statuses = (await fixture.requestsFor(sp)).map((entry) => entry.status);
    expect(statuses.length).toBeGreaterThanOrEqual(3);
    expect(statuses.slice(0, -1).every((status) => status === 404)).toBe(true);
    expect(statuses.at(-1)).toBe(successStatus(operation));
    expect(Date.now() - created).toBeGreaterThanOrEqual(1_200);
  });

  it("stops retrying a 404 when the consistency window ends and says how long it looked", async () => {
    const sp = randomUUID();
    const outcome = await perform(operation, fixture.client({ ...FAST, consistencyWindowMs: 1_500 }), sp);
    const error = outcome.error;
    expect(error?.kind).toBe("notFound");
    expect(error?.status).toBe(404);
    expect(error?.code).toBe("Request_ResourceNotFound");
    expect(error?.stoppedBy).toBe("consistencyWindow");
    expect(error?.attempts).toBe((await fixture.requestsFor(sp)).length);
    expect(error?.attempts).toBeGreaterThanOrEqual(4);
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(1_500);
    expect(outcome.elapsedMs).toBeLessThan(1_500 + LATE_SLACK_MS);
    expect(error?.message).toMatch(new RegExp(`^Service principal ${sp} was not found \\(404 Request_ResourceNotFound\\)`));
    expect(error?.message).toMatch(/The client waited 1\.[5-9] s over \d+ attempts, in case the service principal was still replicating/);
    expect(error?.message).toContain("object id of the service principal");
  });

  it("explains a 401 UnknownError as a missing permission and names it", async () => {
    const sp = principalWithSecrets();
    // A window of 0 s: a write would otherwise wait the denial out, in case the principal was still replicating.
    const client = fixture.client({ ...FAST, consistencyWindowMs: 0, getAccessToken: fixture.tokenSourceForNewApp([]) });
    const { error } = await perform(operation, client, sp);
    expect(error?.kind).toBe("permission");
    expect(error?.status).toBe(401);
    expect(error?.code).toBe("UnknownError");
    expect(error?.attempts).toBe(1);
    expect(await fixture.requestsFor(sp)).toHaveLength(1);
    expect(error?.message).toContain("Synchronization.ReadWrite.All");
    expect(error?.message).toContain(`Application.ReadWrite.OwnedBy together with ownership of the service principal ${sp}`);
    expect(error?.requestId).toBe((await fixture.requestsFor(sp))[0]?.requestId);
  });

  it("explains a 403 Authorization_RequestDenied as a missing permission", async () => {
    const sp = principalWithSecrets();
    fixture.emulator.configure({ permissionDenied: "403-authorization-denied" });
    try {
      const client = fixture.client({ ...FAST, consistencyWindowMs: 0, getAccessToken: fixture.tokenSourceForNewApp([]) });
      const { error } = await perform(operation, client, sp);
      expect(error?.kind).toBe("permission");
      expect(error?.status).toBe(403);
      expect(error?.code).toBe("Authorization_RequestDenied");
      expect(error?.attempts).toBe(1);
      expect(error?.message).toContain("Synchronization.ReadWrite.All");
      expect(error?.message).toContain(sp);
    } finally {
      fixture.emulator.configure({ permissionDenied: "401-unknown-error" });
    }
  });

  it("reads a bare HTML 404 as an answer that says nothing about the principal, naming its status and content type", async () => {
    const sp = principalWithSecrets();
    fixture.emulator.injectFault({ method: operation, pathIncludes: sp, kind: "html" });
    const { error } = await perform(operation, fixture.client(FAST), sp);
    expect(error?.kind).toBe("unexpectedResponse");
    expect(error?.status).toBe(404);
    expect(error?.attempts).toBe(1);
    expect(error?.requestId).toBeUndefined();
    expect(error?.message).toContain("got an answer the client cannot use (404)");
    expect(error?.message).toContain("content type text/html");
  });

  it("explains a 401 InvalidAuthenticationToken as a rejected token", async () => {
    const sp = principalWithSecrets();
    const expired = fixture.emulator.issueAccessToken({
      clientId: fixture.clientId,
      roles: ["Synchronization.ReadWrite.All"],
      issuedAt: Date.now() - 2 * 3_600_000,
      lifetimeSeconds: 3_600,
    });
    fixture.tokens.add(expired);
    const { error } = await perform(operation, fixture.client({ ...FAST, getAccessToken: () => Promise.resolve(expired) }), sp);
    expect(error?.kind).toBe("authentication");
    expect(error?.status).toBe(401);
    expect(error?.code).toBe("InvalidAuthenticationToken");
    expect(error?.attempts).toBe(1);
    expect(error?.message).toContain("rejected the access token");
    expect(error?.message).toContain(`the Graph endpoint ${fixture.emulator.graphEndpoint} must belong to the same cloud`);
  });

  it("throttled past the deadline, fails as soon as the next wait would pass it", async () => {
    const sp = principalWithSecrets();
    fixture.emulator.injectFault({ method: operation, pathIncludes: sp, kind: "status", status: 429, retryAfter: "1", count: 50 });
    const outcome = await perform(operation, fixture.client({ ...FAST, operationTimeoutMs: 2_500 }), sp);
    const error = outcome.error;
    expect(error?.kind).toBe("throttled");
    expect(error?.stoppedBy).toBe("deadline");
    // Attempts at about 0, 1 and 2 s; the wait to 3 s would pass 2.5 s, so the client gives up at 2 s.
    expect(error?.attempts).toBe(3);
    expect((await fixture.requestsFor(sp)).map((entry) => entry.status)).toEqual([429, 429, 429]);
    for (const gap of arrivalGaps(await fixture.requestsFor(sp))) {
      expectWait(gap, 1_000);
    }
    expect(outcome.elapsedMs).toBeLessThan(2_500);
    expect(error?.message).toContain("kept throttling");
    expect(error?.message).toContain("3 attempt(s)");
    expect(error?.message).toContain("waiting 1 s more would pass the operation deadline of 2.5 s");
    expect(error?.message).toContain("graphsync:operationTimeout");
  });
});

describe.each(BELIEF_VALUES.replicationAnswer)("Graph client against a principal that replicates, answering %s", (answer) => {
  it("waits the answer out on a PUT and succeeds", async () => {
    const sp = principalWithSecrets({ replicationDelayMs: 1_000, replicationAnswer: answer });
    const outcome = await perform("PUT", fixture.client(FAST), sp);
    expectSucceeded("PUT", outcome, sp);
    const statuses = (await fixture.requestsFor(sp)).map((entry) => entry.status);
    expect(statuses.length).toBeGreaterThanOrEqual(2);
    expect(new Set(statuses.slice(0, -1))).toEqual(new Set([Number(answer.slice(0, 3))]));
    expect(statuses.at(-1)).toBe(204);
  });

  it("does not wait it out when the caller knows the principal existed", async () => {
    const sp = principalWithSecrets({ replicationDelayMs: 60_000, replicationAnswer: answer });
    const client = fixture.client(FAST);
    const error = await client.putSecrets(sp, "v1.0", [{ key: "SecretToken", value: canary }], { awaitReplication: false }).then(
      () => undefined,
      (caught: unknown) => (fixture.recordError(caught), caught as GraphRequestError),
    );
    expect(error?.status).toBe(Number(answer.slice(0, 3)));
    expect(error?.attempts).toBe(1);
  });
});

describe.each(["error-echo-json-field", "error-echo-truncated-value"])("Graph client under the reading %s", (reading) => {
  it("passes on no part of a value that Graph's error answer repeats", async () => {
    const sp = principalWithSecrets();
    const field = `echo-${randomUUID()}`;
    fixture.emulator.applyReading(reading);
    let error: GraphRequestError | undefined;
    try {
      await fixture.client(FAST).putSecrets(sp, "v1.0", [
        { key: "AppKey", value: JSON.stringify({ appKeyScenario: field }) },
        { key: "SecretToken", value: canary },
        // Refused: so Graph answers with an error, which repeats part of the request under this reading.
        { key: "SyncNotificationSettings", value: "" },
      ]);
    } catch (caught: unknown) {
      fixture.recordError(caught);
      error = caught as GraphRequestError;
    } finally {
      fixture.emulator.applyReading("error-echo-none");
    }
    const [answer] = await fixture.requestsFor(sp);
    expect(answer?.status).toBe(400);
    expect(error?.innerCode).toBe("InvalidNotificationSettings");
    // The echo reached the client (the quoted Graph text marks where it was), and none of it is in the error.
    expect(error?.message).toContain("The request included");
    expect(error?.message).toContain("[REDACTED]");
    for (const value of [canary, canary.slice(0, 8), field, field.slice(0, 8)]) {
      expect(error?.message).not.toContain(value);
      expect(JSON.stringify(error)).not.toContain(value);
    }
  });
});

describe("Graph client against the emulator: invalid requests", () => {
  it("names the inner code of the synchronization service's JSON error on a PUT", async () => {
    const sp = principalWithSecrets();
    let error: GraphRequestError | undefined;
    try {
      await fixture.client(FAST).putSecrets(sp, "v1.0", [
        { key: "SecretToken", value: canary },
        { key: "SyncNotificationSettings", value: "" },
      ]);
    } catch (caught: unknown) {
      fixture.recordError(caught);
      error = caught as GraphRequestError;
    }
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error?.kind).toBe("invalidRequest");
    expect(error?.status).toBe(400);
    expect(error?.code).toBe("UnknownError");
    expect(error?.innerCode).toBe("InvalidNotificationSettings");
    expect(error?.attempts).toBe(1);
    expect(error?.message).toContain("inner code InvalidNotificationSettings");
    expect(error?.message).toContain("SyncNotificationSettings must be a JSON object");
    // All or nothing: the valid pair of the refused PUT was not stored either.
    expect(fixture.emulator.storedSecrets(sp)?.["SecretToken"]).toBeUndefined();
  });

  it("keeps what Graph echoes of a value out of the message, the cut-off half of a short value included", async () => {
    const echoed: string[] = [];
    try {
      for (const [reading, value] of [
        ["error-echo-truncated-value", canary],
        ["error-echo-truncated-value", "Zq7Lw2Xp9"],
        ["error-echo-truncated-value", "k3Y9p2"],
        ["error-echo-json-field", `{"Recipients":"${canary}"}`],
      ] as const) {
        fixture.emulator.applyReading(reading);
        const sp = principalWithSecrets();
        const key = reading === "error-echo-json-field" ? "SyncNotificationSettings" : "SecretToken";
        let error: GraphRequestError | undefined;
        try {
          await fixture.client({ ...FAST, getAccessToken: fixture.tokenSourceForNewApp([]) }).putSecrets(sp, "v1.0", [{ key, value }]);
        } catch (caught: unknown) {
          fixture.recordError(caught);
          error = caught as GraphRequestError;
        }
        expect(error?.kind).toBe("permission");
        // The echo reached the client, and only its redaction reached the message.
        expect(error?.message).toContain(`Graph says: "The request included ${key} `);
        expect(error?.message).toContain("[REDACTED]");
        const half = value.slice(0, Math.min(8, Math.floor(value.length / 2)));
        echoed.push(half);
        if (reading === "error-echo-truncated-value") expect(error?.message).not.toContain(`'${half}`);
        expect(error?.message).not.toContain(canary);
      }
    } finally {
      fixture.emulator.applyReading("error-echo-none");
    }
    expect(echoed).toContain("k3Y");
  });

  it("reports a 400 on a GET as an invalid request without retrying", async () => {
    const sp = principalWithSecrets();
    fixture.emulator.injectFault({ method: "GET", pathIncludes: sp, kind: "status", status: 400 });
    const { error } = await perform("GET", fixture.client(FAST), sp);
    expect(error?.kind).toBe("invalidRequest");
    expect(error?.status).toBe(400);
    expect(error?.attempts).toBe(1);
    expect(await fixture.requestsFor(sp)).toHaveLength(1);
    expect(error?.message).toContain(`Microsoft Graph refused GET /v1.0/servicePrincipals/${sp}/synchronization/secrets as invalid (400`);
  });
});

describe("Graph client against the emulator: leaks", () => {
  it("leaves no secret value and no bearer token in any error or log line of the matrix", () => {
    // The matrix above ran first (tests of a file run in order); make sure it produced something to scan.
    expect(fixture.errorTexts.length).toBeGreaterThan(40);
    expect(fixture.logLines.length).toBeGreaterThan(60);
    expect(fixture.tokens.size).toBeGreaterThanOrEqual(3);
    const needles = [canary, ...fixture.tokens];
    for (const text of [...fixture.errorTexts, ...fixture.logLines]) {
      for (const needle of needles) {
        expect(text.includes(needle), `a secret appeared in: ${text.slice(0, 120)}`).toBe(false);
      }
      expect(text).not.toMatch(/Bearer\s+ey/);
    }
  });
});
