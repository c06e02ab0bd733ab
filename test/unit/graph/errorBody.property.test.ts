import { inspect } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GraphClient } from "../../../provider/graph/client";
import { GraphRequestError, parseGraphErrorBody } from "../../../provider/graph/errors";
import { respond, ScriptedTransport } from "./scriptedTransport";

// The Graph error parser, and the failure built from it, fed arbitrary answers: bodies of any shape and size (raw text,
// any JSON, Graph-shaped errors that echo the call's secret value or its token whole, escaped, cut off or packed in
// JSON, hostile runs up to 1 MiB, deep nesting, prototype names) with any status and headers. The call must end in a
// GraphRequestError, never another exception, and no text of it, nor any debug line, may hold the secret, the token
// or any eight characters of either.

const SP = "0af4a6b2-9c3d-4e5f-8a7b-1c2d3e4f5a6b";
// Letters no fixed text of ours runs eight of, so any eight of a generated value in a message came from the answer (and
// shrinking, which goes to the first letter, cannot turn a value into a word of our own messages).
const RARE = "zqxjkvwZQXJKVW";
const ALPHANUMERIC = fc.constantFrom(...RARE.split(""));
const BASE64URL = fc.constantFrom(...`${RARE}-_`.split(""));

/** The value written: the marker and random characters, so any eight of them are recognisable. */
const secretValue = fc.string({ unit: ALPHANUMERIC, minLength: 4, maxLength: 40 }).map((rest) => `zqxg${rest}`);
/** The bearer token: JWT-shaped or opaque. */
const bearerToken = fc.oneof(
  fc.tuple(...[20, 60, 40].map((length) => fc.string({ unit: BASE64URL, minLength: length, maxLength: length })))
    .map(([header, payload, signature]) => `eyJ${header}.eyJ${payload}.${signature}`),
  fc.string({ unit: ALPHANUMERIC, minLength: 24, maxLength: 48 }).map((rest) => `opaque${rest}`),
);

/** How an answer may repeat a value: whole, JSON-escaped, cut off at either end, a run from the middle, in a field. */
function echoesOf(value: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant(value),
    fc.constant(JSON.stringify(value).slice(1, -1)),
    fc.integer({ min: 3, max: 8 }).map((length) => `'${value.slice(0, Math.min(length, value.length - 1))}...'`),
    fc.integer({ min: 3, max: 8 }).map((length) => `...${value.slice(-Math.min(length, value.length - 1))}`),
    fc.nat().map((start) => value.slice(start % Math.max(1, value.length - 8)).slice(0, 8)),
    fc.constant(`Bearer ${value}`),
    fc.constant(`client_secret=${value}&grant_type=client_credentials`),
    fc.constant(`{"password": "${value}"}`),
  );
}

const hostileRun = fc
  .tuple(fc.constantFrom("eyJ", "eyJa.", "Bearer ", "password=", "\\u0041", '\\"', "[", "{\"a\":"), fc.integer({ min: 1_000, max: 256 * 1024 }))
  .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));

/** Server text: words, echoes of the secret and token, hostile runs. */
function serverText(secret: string, token: string): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof(fc.constantFrom("The", "request", "value", "is", "invalid", ":", "\n", "Trace ID:"), echoesOf(secret), echoesOf(token)), {
      maxLength: 8,
    })
    .chain((parts) => fc.oneof({ weight: 6, arbitrary: fc.constant(parts.join(" ")) }, { weight: 1, arbitrary: hostileRun.map((run) => `${parts.join(" ")}${run}`) }));
}

/** An answer's body: anything at all, any JSON, or a Graph error (with the synchronization service's JSON packed in). */
function body(secret: string, token: string): fc.Arbitrary<string> {
  const text = serverText(secret, token);
  const anyText = fc.oneof(fc.string({ maxLength: 40 }), text);
  const graphShaped = fc
    .record({
      code: anyText,
      message: fc.oneof(
        text,
        fc.record({ code: anyText, message: text }).map((inner) => JSON.stringify({ error: inner })),
      ),
      innerError: fc.record({ "request-id": anyText, date: anyText, code: anyText }),
    })
    .map((error) => JSON.stringify({ error }));
  const prototypeNames = text.map((message) => `{"error":{"__proto__":{"code":"x"},"constructor":{"message":${JSON.stringify(message)}},"code":{"toString":1}}}`);
  const deep = fc.integer({ min: 1_000, max: 100_000 }).map((depth) => `{"error":${"[".repeat(depth)}${"]".repeat(depth)}}`);
  return fc.oneof(
    { weight: 2, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 1, arbitrary: fc.json() },
    { weight: 1, arbitrary: text },
    { weight: 6, arbitrary: graphShaped },
    { weight: 1, arbitrary: prototypeNames },
    { weight: 1, arbitrary: deep },
  );
}

/** Headers an answer may carry, some repeating the secret or the token. */
function headers(secret: string, token: string): fc.Arbitrary<Record<string, string>> {
  const value = fc.oneof(fc.string({ maxLength: 30 }), echoesOf(secret), echoesOf(token));
  return fc.record(
    { "request-id": value, date: value, "retry-after": value, "x-ms-ags-diagnostic": value, "www-authenticate": value },
    { requiredKeys: [] },
  );
}

const answer = fc.tuple(secretValue, bearerToken).chain(([secret, token]) =>
  fc.record({
    secret: fc.constant(secret),
    token: fc.constant(token),
    status: fc.constantFrom(301, 302, 400, 401, 403, 404, 405, 409, 412, 413, 500, 501, 502, 505),
    body: body(secret, token),
    headers: headers(secret, token),
  }),
);

/** Every eight-character run of a value. */
const runsOf = (value: string): string[] => Array.from({ length: value.length - 7 }, (_, start) => value.slice(start, start + 8));

describe("the Graph error parser, property-based", () => {
  it("reads any body without throwing", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), answer.map((generated) => generated.body)), (text) => {
        const parsed = parseGraphErrorBody(text);
        for (const field of Object.values(parsed)) expect(typeof field).toBe("string");
      }),
      { numRuns: 1_000 },
    );
  });

  it("turns any failed answer into a GraphRequestError that holds no secret, token or run of either", async () => {
    let echoed = 0;
    await fc.assert(
      fc.asyncProperty(answer, async ({ secret, token, status, body: text, headers: sent }) => {
        const lines: string[] = [];
        const client = new GraphClient({
          graphEndpoint: "https://graph.example.test",
          getAccessToken: () => Promise.resolve(token),
          transport: new ScriptedTransport([], respond(status, text, sent)),
          logger: { enabled: true, log: (line) => lines.push(line) },
        });
        const pairs = [{ key: "SecretToken", value: secret }];
        let caught: unknown;
        try {
          await client.putSecrets(SP, "v1.0", pairs, { awaitReplication: false });
        } catch (error) {
          caught = error;
        }
        // Anything else (a RangeError, a TypeError, a resolved call) fails the property.
        expect(caught).toBeInstanceOf(GraphRequestError);
        const error = caught as GraphRequestError;
        if (/Graph says/.test(error.message)) echoed += 1;
        const shown = [error.message, JSON.stringify(error), JSON.stringify(error.cause), inspect(error, { depth: 5 }), ...lines];
        for (const place of shown) {
          for (const needle of [secret, token, ...runsOf(secret), ...runsOf(token)]) {
            expect(place.includes(needle), `"${needle}" in ${place.slice(0, 200)}`).toBe(false);
          }
        }
        expect(error.message.length).toBeLessThan(2_000);
      }),
      { numRuns: 1_000 },
    );
    // Server text really reached the messages it had to be scrubbed from.
    expect(echoed).toBeGreaterThanOrEqual(300);
  }, 120_000);
});
