import { describe, expect, it } from "vitest";
import {
  GraphRequestError,
  isGraphRequestError,
  isNotFoundError,
  type GraphRequestErrorDetails,
} from "../../../provider/graph/graphRequestError";

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

describe("isGraphRequestError and isNotFoundError", () => {
  it("recognise the error, also from another copy of the package by its name", () => {
    const foreign = Object.assign(new Error("x"), { name: "GraphRequestError", kind: "notFound" });
    expect(isGraphRequestError(new GraphRequestError("m", DETAILS))).toBe(true);
    expect(isGraphRequestError(foreign)).toBe(true);
    expect(isNotFoundError(foreign)).toBe(true);
  });

  it("reject other errors and other kinds", () => {
    expect(isGraphRequestError(new Error("x"))).toBe(false);
    expect(isGraphRequestError("GraphRequestError")).toBe(false);
    expect(isNotFoundError(new GraphRequestError("m", { ...DETAILS, kind: "permission", status: 403 }))).toBe(false);
  });
});
