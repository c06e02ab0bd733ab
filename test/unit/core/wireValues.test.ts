import { describe, expect, it } from "vitest";
import { checkInputs } from "../../../provider/core/checkInputs";
import { UNKNOWN_VALUE } from "../../../provider/core/unknown";

// How declared values become the strings Graph stores: through check, the one place inputs are normalized.
const SP = "0af4a6b2-9c3d-4e5f-8a7b-1c2d3e4f5a6b";
function wireOf(credentials: unknown): unknown {
  const outcome = checkInputs({ servicePrincipalId: SP, credentials });
  return outcome.state?.credentials ?? outcome.failures;
}

describe("wire values, as check makes them", () => {
  it("writes numbers and booleans in their string form", () => {
    expect(wireOf({ SyncAll: true, TokenExpiration: 50 })).toEqual({ SyncAll: "true", TokenExpiration: "50" });
    expect(wireOf({ SyncAll: false, TokenExpiration: 1.5 })).toEqual({ SyncAll: "false", TokenExpiration: "1.5" });
  });

  it("keeps plain strings exactly, even when they look like JSON", () => {
    expect(wireOf({ SecretToken: "  spaced  ", Password: '{ "b": 1, "a": 2 }' })).toEqual({
      Password: '{ "b": 1, "a": 2 }',
      SecretToken: "  spaced  ",
    });
  });

  it("serializes an object, or re-serializes JSON text, for a JSON-valued key canonically", () => {
    expect(wireOf({ SyncNotificationSettings: { Enabled: true, DeleteThresholdValue: 50 }, Domain: '{ "domain": "contoso.com" }' })).toEqual({
      Domain: '{"domain":"contoso.com"}',
      SyncNotificationSettings: '{"DeleteThresholdValue":50,"Enabled":true}',
    });
  });

  it("keeps a value holding an unknown as the unknown marker", () => {
    expect(wireOf({ SecretToken: UNKNOWN_VALUE, SyncNotificationSettings: { Enabled: UNKNOWN_VALUE } })).toEqual({
      SecretToken: UNKNOWN_VALUE,
      SyncNotificationSettings: UNKNOWN_VALUE,
    });
  });

  it("turns the map and the list form into the same sorted map", () => {
    const expected = {
      BaseAddress: "https://scim.example/v2",
      SecretToken: "token",
      SyncAll: "false",
      SyncNotificationSettings: '{"DeleteThresholdEnabled":false,"Enabled":true}',
    };
    const fromMap = wireOf({
      SyncNotificationSettings: { Enabled: true, DeleteThresholdEnabled: false },
      SyncAll: false,
      SecretToken: "token",
      BaseAddress: "https://scim.example/v2",
    });
    const fromList = wireOf([
      { key: "SyncAll", value: "false" },
      { key: "SecretToken", value: "token" },
      { key: "SyncNotificationSettings", value: '{"Enabled":true,"DeleteThresholdEnabled":false}' },
      { key: "BaseAddress", value: "https://scim.example/v2" },
    ]);
    expect(fromMap).toEqual(expected);
    expect(fromList).toEqual(expected);
    expect(Object.keys(fromList as object)).toEqual(Object.keys(expected));
  });

  it("never defines a prototype through a key", () => {
    expect(wireOf(JSON.parse('{"__proto__":{"x":1}}'))).toEqual([
      { property: "credentials.__proto__", reason: expect.stringContaining("not a documented secret key name") },
    ]);
    expect(({} as Record<string, unknown>)["x"]).toBeUndefined();
  });
});
