import { describe, expect, it } from "vitest";
import { checkInputs, CheckReasons } from "../../../provider/core/checkInputs";
import { planClear, planWrite } from "../../../provider/core/plan";
import type { SynchronizationSecretsState } from "../../../provider/core/state";

// `allowUnknownKeys: true` is the explicit escape hatch for a key Graph adds after this release (issue #16): without it
// every key must be a documented name, with a did-you-mean; with it, other names pass if they look like Graph's.

const GUID = "0af4a6b2-9c3d-4e5f-8a7b-1c2d3e4f5a6b";
const inputs = (credentials: unknown, extra: Record<string, unknown> = {}) => ({ servicePrincipalId: GUID, credentials, ...extra });

describe("key names Graph added after this release", () => {
  it("fails the preview without the opt-in, and the reason says how to opt in", () => {
    const outcome = checkInputs(inputs({ SecretToken: "t", ProvisioningCanaryKey: "on" }));
    expect(outcome.state).toBeUndefined();
    expect(outcome.failures).toEqual([{ property: "credentials.ProvisioningCanaryKey", reason: CheckReasons.unknownKey(undefined) }]);
    expect(outcome.failures[0]?.reason).toContain("allowUnknownKeys: true");
  });

  it("still suggests the documented name for a near miss without the opt-in", () => {
    expect(checkInputs(inputs({ SecretTokn: "t" })).failures[0]?.reason).toContain('did you mean "SecretToken"?');
  });

  it("takes them with the opt-in, in map and list form, next to documented keys, and keeps the opt-in in state", () => {
    const map = checkInputs(inputs({ SecretToken: "t", ProvisioningCanaryKey: "on" }, { allowUnknownKeys: true }));
    expect(map.failures).toEqual([]);
    expect(map.state).toEqual({
      servicePrincipalId: GUID,
      credentials: { ProvisioningCanaryKey: "on", SecretToken: "t" },
      keys: ["ProvisioningCanaryKey", "SecretToken"],
      apiVersion: "v1.0",
      allowUnknownKeys: true,
    });
    const list = checkInputs(inputs([{ key: "ProvisioningCanaryKey", value: "on" }, { key: "SecretToken", value: "t" }], { allowUnknownKeys: true }));
    expect(list.state).toEqual(map.state);
  });

  it("returns its own checked state unchanged when that is checked again", () => {
    const state = checkInputs(inputs({ ProvisioningCanaryKey: 3, BaseAddress: "https://scim.example/v2" }, { allowUnknownKeys: true })).state;
    expect(checkInputs(state).state).toEqual(state);
  });

  it("writes an unknown key's number and boolean in their string form and an object as canonical JSON", () => {
    const state = checkInputs(inputs({ CanaryCount: 3, CanaryOn: false, CanaryShape: { b: 1, a: [true] } }, { allowUnknownKeys: true })).state;
    expect(state?.credentials).toEqual({ CanaryCount: "3", CanaryOn: "false", CanaryShape: '{"a":[true],"b":1}' });
  });

  it("removes an unknown key with an empty value on update and delete (it is not a known JSON-valued key)", () => {
    // Every write carries every declared key too (SecretToken), so a Graph that replaces the set keeps it.
    expect(planWrite({ CanaryOn: "true", SecretToken: "t" }, { SecretToken: "t" }).pairs).toEqual([
      { key: "CanaryOn", value: "" },
      { key: "SecretToken", value: "t" },
    ]);
    const state = { credentials: { CanaryShape: '{"a":1}' } } as unknown as SynchronizationSecretsState;
    expect(planClear(state.credentials)).toEqual({ pairs: [{ key: "CanaryShape", value: "" }], clearedJsonKeys: [] });
  });

  it("refuses, even with the opt-in, a documented name in another case and a name Graph would not give a key", () => {
    const outcome = checkInputs(inputs({ secrettoken: "t", "Canary-Key": "x", "9Lives": "x" }, { allowUnknownKeys: true }));
    expect(outcome.failures).toEqual([
      { property: "credentials.secrettoken", reason: CheckReasons.unknownKey("SecretToken", false) },
      { property: 'credentials["Canary-Key"]', reason: CheckReasons.unknownKeyMalformed },
      { property: 'credentials["9Lives"]', reason: CheckReasons.unknownKeyMalformed },
    ]);
    expect(outcome.failures[0]?.reason).not.toContain("allowUnknownKeys");
  });

  it("refuses an opt-in that is not a boolean, and keeps documented keys' rules with it", () => {
    expect(checkInputs(inputs({ SecretToken: "t" }, { allowUnknownKeys: "yes" })).failures).toEqual([
      { property: "allowUnknownKeys", reason: CheckReasons.allowUnknownKeysInvalid },
    ]);
    expect(checkInputs(inputs({ BaseAddress: "http://plain.example" }, { allowUnknownKeys: true })).failures).toEqual([
      { property: "credentials.BaseAddress", reason: CheckReasons.baseAddressCleartext },
    ]);
    expect(checkInputs(inputs({ SecretToken: "t" }, { allowUnknownKeys: false })).state).not.toHaveProperty("allowUnknownKeys");
  });
});
