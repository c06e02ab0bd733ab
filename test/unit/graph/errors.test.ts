import { describe, expect, it } from "vitest";
import {
  classifyFailure,
  GraphRequestError,
  isReplicationAnswer,
  parseGraphErrorBody,
  type GraphRequestErrorDetails,
} from "../../../provider/graph/errors";
import { fail, respond } from "./scriptedTransport";

const DETAILS: GraphRequestErrorDetails = {
  kind: "notFound",
  method: "GET",
  path: "/v1.0/servicePrincipals/sp/synchronization/secrets",
  status: 404,
  clientRequestId: "c-1",
  attempts: 1,
  elapsedMs: 12,
  lastAttempt: { attempt: 1, status: 404, graphCode: "Request_ResourceNotFound", durationMs: 12 },
};

describe("GraphRequestError", () => {
  it("is an Error with its own name and the facts as fields", () => {
    const error = new GraphRequestError("not found", DETAILS);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("GraphRequestError");
    expect(String(error)).toBe("GraphRequestError: not found");
    expect(error).toMatchObject({ kind: "notFound", method: "GET", status: 404, attempts: 1, elapsedMs: 12 });
  });

  it("carries the last attempt's summary as a non-enumerable cause", () => {
    const error = new GraphRequestError("not found", DETAILS);
    expect(error.cause).toEqual(DETAILS.lastAttempt);
    expect(Object.keys(error)).not.toContain("cause");
  });

  it("leaves unknown optional facts out instead of setting them to undefined", () => {
    const error = new GraphRequestError("not found", DETAILS);
    for (const name of ["code", "innerCode", "requestId", "date", "stoppedBy", "networkCode"]) {
      expect(Object.hasOwn(error, name)).toBe(false);
    }
  });

  it("serialises to JSON with its facts", () => {
    const json = JSON.parse(JSON.stringify(new GraphRequestError("m", { ...DETAILS, code: "Request_ResourceNotFound" })));
    expect(json).toEqual({
      name: "GraphRequestError",
      kind: "notFound",
      method: "GET",
      path: DETAILS.path,
      status: 404,
      clientRequestId: "c-1",
      attempts: 1,
      elapsedMs: 12,
      code: "Request_ResourceNotFound",
    });
  });
});

describe("classifyFailure", () => {
  it.each([
    [undefined, {}, "permission"],
    ["UnknownError", {}, "permission"],
    ["InvalidAuthenticationToken", {}, "authentication"],
    [undefined, { "www-authenticate": 'Bearer error="invalid_token"' }, "authentication"],
  ])("classifies a 401 with code %s and headers %j as %s", (graphCode, headers, kind) => {
    expect(classifyFailure(respond(401, "", headers), graphCode === undefined ? undefined : { code: graphCode })).toEqual({ kind });
  });

  it.each(["Request_ResourceNotFound", "ResourceNotFound"])("reads a 404 with Graph's %s as not found", (code) => {
    expect(classifyFailure(respond(404), { code })).toEqual({ kind: "notFound" });
  });

  it("reads any other 404 as an answer that does not say the principal is gone, naming its content type", () => {
    const page = classifyFailure(respond(404, "<html></html>", { "content-type": "text/html; charset=utf-8" }), undefined);
    expect(page.kind).toBe("unexpectedResponse");
    expect(page.detail).toContain("no Graph error (content type text/html; charset=utf-8)");
    expect(page.detail).toContain("does not say that the service principal is gone");
    expect(classifyFailure(respond(404), { code: "NotFound" }).detail).toContain("not Graph's not-found error (content type none)");
    // A content type is server text: only the characters a media type uses are kept.
    expect(classifyFailure(respond(404, "", { "content-type": 'text/html"<script>' }), undefined).detail).toContain("(content type text/htmlscript)");
  });

  it.each([
    [respond(403), { kind: "permission" }],
    [respond(409), { kind: "invalidRequest" }],
    [respond(429), { kind: "throttled" }],
    [respond(500), { kind: "server" }],
    [respond(503), { kind: "server" }],
    [respond(302), { kind: "unexpectedResponse", detail: "Graph answered with a redirect, which the client does not follow" }],
    [respond(100), { kind: "unexpectedResponse", detail: "status 100 is not an answer the client expects" }],
    [fail("network", "CERT_HAS_EXPIRED"), { kind: "network" }],
    [fail("timeout", "ATTEMPT_TIMEOUT"), { kind: "timeout" }],
    [fail("tooLarge", "MAX_CONTENT_LENGTH"), { kind: "unexpectedResponse", detail: "the response passed the size limit" }],
  ])("answers %j with %j", (result, expected) => {
    expect(classifyFailure(result, undefined)).toEqual(expected);
  });
});


describe("isReplicationAnswer", () => {
  it.each([
    [404, { code: "Request_ResourceNotFound" }, true],
    [404, { code: "ResourceNotFound" }, true],
    [404, undefined, false],
    [404, { code: "NotFound" }, false],
    [400, { code: "Request_BadRequest", innerCode: "NoBackingApplicationObject" }, true],
    [400, { code: "Request_BadRequest" }, false],
    [400, { code: "UnknownError", innerCode: "InvalidNotificationSettings" }, false],
    [403, { code: "Authorization_RequestDenied" }, true],
    [403, { code: "Forbidden" }, false],
    [409, { code: "Directory_ConcurrencyViolation" }, true],
    [409, undefined, false],
    [401, { code: "UnknownError" }, true],
    [401, { code: "InvalidAuthenticationToken" }, false],
    [401, undefined, false],
    [429, { code: "TooManyRequests" }, false],
    [500, { code: "generalException" }, false],
  ])("answers %i with %j: %s", (status, graphError, expected) => {
    expect(isReplicationAnswer(respond(status), graphError)).toBe(expected);
  });

  it("never counts an Entra token challenge or a failed attempt", () => {
    const challenge = { "www-authenticate": 'Bearer error="invalid_token"' };
    expect(isReplicationAnswer(respond(401, "", challenge), { code: "UnknownError" })).toBe(false);
    expect(isReplicationAnswer(fail("network", "ECONNRESET"), { code: "UnknownError" })).toBe(false);
  });
});

describe("parseGraphErrorBody", () => {
  it("reads the directory's specific code from details[0] as the inner code", () => {
    const body = JSON.stringify({
      error: {
        code: "Request_BadRequest",
        message: "The appId of the service principal does not reference a valid application object.",
        details: [{ code: "NoBackingApplicationObject", message: "…", target: "appId" }],
        innerError: { "request-id": "r-9" },
      },
    });
    expect(parseGraphErrorBody(body)).toMatchObject({ code: "Request_BadRequest", innerCode: "NoBackingApplicationObject", requestId: "r-9" });
  });

  it("reads the OData error and its innerError ids", () => {
    const body = JSON.stringify({
      error: {
        code: "Authorization_RequestDenied",
        message: "Insufficient privileges to complete the operation.",
        innerError: { date: "2026-11-30T10:00:00", "request-id": "r-1", "client-request-id": "c-1" },
      },
    });
    expect(parseGraphErrorBody(body)).toEqual({
      code: "Authorization_RequestDenied",
      message: "Insufficient privileges to complete the operation.",
      requestId: "r-1",
      date: "2026-11-30T10:00:00",
    });
  });

  it("unpacks the synchronization service's JSON error inside message", () => {
    const packed = '{\r\n  "error": {\r\n    "code": "InvalidNotificationSettings",\r\n    "message": "Notification settings are invalid."\r\n  }\r\n}';
    const body = JSON.stringify({ error: { code: "UnknownError", message: packed, innerError: { "request-id": "r-2" } } });
    const parsed = parseGraphErrorBody(body);
    expect(parsed.code).toBe("UnknownError");
    expect(parsed.innerCode).toBe("InvalidNotificationSettings");
    expect(parsed.innerMessage).toBe("Notification settings are invalid.");
    expect(parsed.requestId).toBe("r-2");
  });

  it("falls back to innerError.code when message holds no packed error", () => {
    const body = JSON.stringify({ error: { code: "BadRequest", message: "x", innerError: { code: "invalidKey" } } });
    expect(parseGraphErrorBody(body).innerCode).toBe("invalidKey");
  });

  it("reads the 401 UnknownError with an empty message", () => {
    const parsed = parseGraphErrorBody('{"error":{"code":"UnknownError","message":""}}');
    expect(parsed).toEqual({ code: "UnknownError", message: "" });
  });

  it("accepts the lower-case innererror spelling", () => {
    expect(parseGraphErrorBody('{"error":{"code":"x","innererror":{"request-id":"r-3"}}}').requestId).toBe("r-3");
  });

  it.each([[""], ["<html>502 Bad Gateway</html>"], ["{not json"], ["[1,2]"], ['{"error":"text"}'], ["null"]])(
    "gives an empty result for %j instead of throwing",
    (body) => {
      expect(parseGraphErrorBody(body)).toEqual({});
    },
  );

  it("ignores fields of the wrong type", () => {
    expect(parseGraphErrorBody('{"error":{"code":42,"message":{"a":1}}}')).toEqual({});
  });
});
