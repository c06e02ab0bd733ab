import { describe, expect, it } from "vitest";
import { parseGraphErrorBody } from "../../../provider/graph/graphErrorBody";

describe("parseGraphErrorBody", () => {
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
      clientRequestId: "c-1",
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
