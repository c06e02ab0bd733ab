import { describe, expect, it } from "vitest";
import { GraphClient } from "../../../provider/graph/client";
import { GraphRequestError } from "../../../provider/graph/errors";
import { graphError, respond, ScriptedTransport } from "./scriptedTransport";

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

  it("reads a value sent as JSON as JSON text, and an answer nested too deep to serialize as unusable, not a crash", async () => {
    const nested = `${"[".repeat(200_000)}${"]".repeat(200_000)}`;
    const transport = new ScriptedTransport([
      respond(200, `{"value":[{"key":"SyncNotificationSettings","value":{"Enabled":true}}]}`),
      respond(200, `{"value":[{"key":"AppKey","value":${nested}}]}`),
    ]);
    expect(await client(transport).listSecrets(SP, "v1.0")).toEqual([{ key: "SyncNotificationSettings", value: '{"Enabled":true}' }]);
    const error = await client(transport).listSecrets(SP, "v1.0").then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(GraphRequestError);
    expect((error as GraphRequestError).message).toContain('an entry of the "value" array nests too deep to read');
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
    expect(error.path).toBe(`${FIRST}?$skiptoken=[REDACTED]`);
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

describe("GraphClient pages", () => {
  it("keeps a key listed without a value as empty, other values as JSON text, and masked values as Graph sends them", async () => {
    const transport = new ScriptedTransport([respond(200, '{"@odata.context":"x","value":[{"key":"A","value":null},{"key":"B","value":{"x":1}},{"key":"C","value":"*"}]}')]);
    expect(await client(transport).listSecrets(SP, "v1.0")).toEqual([
      { key: "A", value: "" },
      { key: "B", value: '{"x":1}' },
      { key: "C", value: "*" },
    ]);
  });

  it.each([
    ["", "empty"],
    ["<html>", "not JSON"],
    ["[]", "not a JSON object"],
    ['{"values":[]}', '"value" array'],
    ['{"value":[{"value":"v"}]}', "{key, value} pair"],
    ['{"value":[], "@odata.nextLink": 3}', "nextLink"],
  ])("describes what is wrong with the page %j without quoting it", async (body, problem) => {
    const error = await listError(new ScriptedTransport([respond(200, body)]));
    expect(error.kind).toBe("unexpectedResponse");
    expect(error.message).toContain(problem);
  });

  it.each([
    ["another host", "https://attacker.example/v1.0/x"],
    ["another port", "https://graph.example.test:8443/v1.0/x"],
    ["plain http", "http://graph.example.test/v1.0/x"],
    ["user info", "https://user:pw@graph.example.test/v1.0/x"],
    ["a relative link", "/v1.0/x"],
    ["garbage", "not a url"],
  ])("refuses a next-page link to %s", async (_name, link) => {
    const transport = new ScriptedTransport([page([["A", "1"]], link)]);
    expect((await listError(transport)).message).toContain("leaves the Graph origin");
    expect(transport.sent).toHaveLength(1);
  });

  it("retries a 404 as replication lag only on the secrets path, not on a next page elsewhere on Graph", async () => {
    const notFound = graphError(404, "Request_ResourceNotFound");
    const transport = new ScriptedTransport([page([], `${ORIGIN}/v1.0/servicePrincipals/${SP}/other?$skiptoken=x`), notFound]);
    expect((await listError(transport)).kind).toBe("notFound");
    expect(transport.sent).toHaveLength(2);
  });
});

describe("GraphClient requests", () => {
  it("sends the PUT body Graph documents, to the path of the API version", async () => {
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

  it("checks the id again where it enters the URL path, and sends nothing for one that is not a GUID", async () => {
    const transport = new ScriptedTransport([]);
    for (const id of ["../../users?$x=1#", "", ` ${SP}`]) {
      const error = await client(transport).putSecrets(id, "v1.0", []).catch((caught: unknown) => caught);
      expect(String(error)).toBe("TypeError: servicePrincipalId must be the service principal's object id (a GUID).");
    }
    expect(transport.sent).toHaveLength(0);
  });

  it("hides the bearer token in an unusable answer's ids too, when the server echoes it back", async () => {
    const token = "opaque-bearer-token-0815";
    const transport = new ScriptedTransport([respond(200, "not json", { "request-id": token, date: `Mon ${token}` })]);
    const graph = new GraphClient({ graphEndpoint: ORIGIN, getAccessToken: () => Promise.resolve(token), transport });
    const error = await graph.listSecrets(SP, "v1.0").catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: "unexpectedResponse" });
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain("bearer-token");
  });
});
