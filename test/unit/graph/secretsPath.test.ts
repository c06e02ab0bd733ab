import { describe, expect, it } from "vitest";
import { isSecretsPath, nextLinkTarget, secretsPath } from "../../../provider/graph/secretsPath";

const ORIGIN = "https://graph.example.test";

describe("secretsPath", () => {
  it("builds the synchronization secrets path for each API version", () => {
    expect(secretsPath("v1.0", "sp-1")).toBe("/v1.0/servicePrincipals/sp-1/synchronization/secrets");
    expect(secretsPath("beta", "sp-1")).toBe("/beta/servicePrincipals/sp-1/synchronization/secrets");
  });

  it("percent-encodes the id so it cannot change the path", () => {
    expect(secretsPath("v1.0", "../../users?$x=1#")).toBe(
      "/v1.0/servicePrincipals/..%2F..%2Fusers%3F%24x%3D1%23/synchronization/secrets",
    );
  });

  it("rejects an empty id and an unknown version", () => {
    expect(() => secretsPath("v1.0", " ")).toThrow(TypeError);
    expect(() => secretsPath("v2.0" as never, "sp")).toThrow(/apiVersion/);
  });
});

describe("isSecretsPath", () => {
  it("accepts secrets paths with or without a query", () => {
    expect(isSecretsPath("/v1.0/servicePrincipals/abc/synchronization/secrets")).toBe(true);
    expect(isSecretsPath("/beta/servicePrincipals/abc/synchronization/secrets?$skiptoken=x")).toBe(true);
  });

  it("rejects other paths", () => {
    expect(isSecretsPath("/v1.0/servicePrincipals/abc")).toBe(false);
    expect(isSecretsPath("/v1.0/servicePrincipals/abc/synchronization/jobs")).toBe(false);
    expect(isSecretsPath("/v1.0/applications/abc/synchronization/secrets")).toBe(false);
  });
});

describe("nextLinkTarget", () => {
  it("turns a link on the Graph origin into path and query", () => {
    expect(nextLinkTarget(`${ORIGIN}/v1.0/servicePrincipals/a/synchronization/secrets?$skiptoken=x1`, ORIGIN)).toBe(
      "/v1.0/servicePrincipals/a/synchronization/secrets?$skiptoken=x1",
    );
  });

  it.each([
    ["another host", "https://attacker.example/v1.0/x"],
    ["another port", "https://graph.example.test:8443/v1.0/x"],
    ["plain http", "http://graph.example.test/v1.0/x"],
    ["user info", "https://user:pw@graph.example.test/v1.0/x"],
    ["a relative link", "/v1.0/x"],
    ["garbage", "not a url"],
  ])("refuses a link to %s", (_name, link) => {
    expect(nextLinkTarget(link, ORIGIN)).toBeUndefined();
  });
});
