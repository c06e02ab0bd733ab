import { describe, expect, it } from "vitest";
import { GraphClient } from "../../../provider/graph/graphClient";
import { GraphRequestError } from "../../../provider/graph/graphRequestError";
import { respond, ScriptedTransport } from "./scriptedTransport";

const ORIGIN = "https://graph.example.test";
const SP = "11111111-2222-3333-4444-555555555555";
const FIRST = `/v1.0/servicePrincipals/${SP}/synchronization/secrets`;

function page(pairs: Array<[string, string]>, nextLink?: string): ReturnType<typeof respond> {
  const body: Record<string, unknown> = { value: pairs.map(([key, value]) => ({ key, value })) };
  if (nextLink !== undefined) body["@odata.nextLink"] = nextLink;
  return respond(200, JSON.stringify(body));
}

function client(transport: ScriptedTransport): GraphClient {
  return new GraphClient({ graphEndpoint: ORIGIN, getAccessToken: () => Promise.resolve("token"), transport });
}

async function listError(transport: ScriptedTransport): Promise<GraphRequestError> {
  const error = await client(transport).listSecrets(SP, "v1.0").then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GraphRequestError);
  return error as GraphRequestError;
}

describe("GraphClient.listSecrets paging", () => {
  it("follows next-page links on the Graph origin and returns all pairs in order", async () => {
    const transport = new ScriptedTransport([
      page([["BaseAddress", "https://scim.example.test"], ["SecretToken", "*"]], `${ORIGIN}${FIRST}?$skiptoken=p2`),
      page([["SyncAll", "false"]], `${ORIGIN}${FIRST}?$skiptoken=p3`),
      page([]),
    ]);
    const pairs = await client(transport).listSecrets(SP, "v1.0");
    expect(pairs).toEqual([
      { key: "BaseAddress", value: "https://scim.example.test" },
      { key: "SecretToken", value: "*" },
      { key: "SyncAll", value: "false" },
    ]);
    expect(transport.sent.map((attempt) => attempt.request.target)).toEqual([
      FIRST,
      `${FIRST}?$skiptoken=p2`,
      `${FIRST}?$skiptoken=p3`,
    ]);
    // Each page is its own logical call.
    expect(new Set(transport.sent.map((attempt) => attempt.request.headers["client-request-id"])).size).toBe(3);
  });

  it("refuses a next-page link to another origin and sends nothing there", async () => {
    const transport = new ScriptedTransport([page([["A", "1"]], "https://collector.example/steal?$skiptoken=p2")]);
    const error = await listError(transport);
    expect(error.kind).toBe("unexpectedResponse");
    expect(error.message).toContain(`the next-page link leaves the Graph origin ${ORIGIN} and was not followed`);
    expect(error.message).not.toContain("collector.example");
    expect(transport.sent).toHaveLength(1);
  });

  it("stops when the next-page links go round in a circle", async () => {
    const transport = new ScriptedTransport([
      page([], `${ORIGIN}${FIRST}?$skiptoken=a`),
      page([], `${ORIGIN}${FIRST}?$skiptoken=b`),
      page([], `${ORIGIN}${FIRST}?$skiptoken=a`),
    ]);
    const error = await listError(transport);
    expect(error.message).toContain("the next-page links do not come to an end");
    expect(error.path).toBe(`${FIRST}?$skiptoken=REDACTED`);
    expect(transport.sent).toHaveLength(3);
  });

  it("reports a body of the wrong shape without quoting it", async () => {
    const transport = new ScriptedTransport([respond(200, '{"value":"sensitive-looking-text"}')]);
    const error = await listError(transport);
    expect(error.kind).toBe("unexpectedResponse");
    expect(error.status).toBe(200);
    expect(error.message).toContain('the response body has no "value" array');
    expect(error.message).not.toContain("sensitive-looking-text");
  });
});

describe("GraphClient options", () => {
  it.each([
    ["an http endpoint", { graphEndpoint: "http://graph.example.test" }, /https/],
    ["an endpoint with a path", { graphEndpoint: `${ORIGIN}/v1.0` }, /origin only/],
    ["a relative endpoint", { graphEndpoint: "graph.example.test" }, /absolute https URL/],
    ["a zero operation timeout", { operationTimeoutMs: 0 }, /greater than zero/],
    ["a negative attempt timeout", { attemptTimeoutMs: -5 }, /attemptTimeoutMs/],
    ["a timeout beyond Node's timers", { operationTimeoutMs: 3_000_000_000 }, /24 days/],
    ["a user agent with a line break", { userAgent: "x\r\nInjected: 1" }, /line breaks/],
  ])("rejects %s when the client is built", (_name, override, message) => {
    expect(
      () => new GraphClient({ graphEndpoint: ORIGIN, getAccessToken: () => Promise.resolve("t"), ...override }),
    ).toThrow(message);
  });

  it("accepts an endpoint with a trailing slash and reports its origin", () => {
    const graph = new GraphClient({ graphEndpoint: `${ORIGIN}/`, getAccessToken: () => Promise.resolve("t") });
    expect(graph.origin).toBe(ORIGIN);
  });

  it("rejects a pair whose value is not a string without quoting the value", async () => {
    const transport = new ScriptedTransport([]);
    const pairs = [{ key: "SecretToken", value: { secret: "do-not-print" } as unknown as string }];
    const error = await client(transport).putSecrets(SP, "v1.0", pairs).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).toBe("TypeError: pairs[0] must have a string key and a string value.");
    expect(transport.sent).toHaveLength(0);
  });

  it("sends the PUT body Graph documents", async () => {
    const transport = new ScriptedTransport([respond(204)]);
    await client(transport).putSecrets(SP, "beta", [
      { key: "BaseAddress", value: "https://scim.example.test" },
      { key: "SyncAll", value: "false" },
    ]);
    const [sent] = transport.sent;
    expect(sent?.request.method).toBe("PUT");
    expect(sent?.request.target).toBe(`/beta/servicePrincipals/${SP}/synchronization/secrets`);
    expect(sent?.request.headers["Content-Type"]).toBe("application/json");
    expect(JSON.parse(sent?.request.body ?? "")).toEqual({
      value: [
        { key: "BaseAddress", value: "https://scim.example.test" },
        { key: "SyncAll", value: "false" },
      ],
    });
  });
});
