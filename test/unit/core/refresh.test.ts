import { describe, expect, it } from "vitest";
import { MASKED_VALUE, mergeRefresh } from "../../../provider/core/refresh";
import type { DeclaredSecrets, SecretPair } from "../../../provider/core/state";

const STATE: DeclaredSecrets = {
  BaseAddress: "https://scim.example/v2",
  SecretToken: "token-1",
  SyncAll: "false",
  SyncNotificationSettings: '{"DeleteThresholdValue":50,"Enabled":true}',
};

function server(overrides: Record<string, string | null> = {}, extra: SecretPair[] = []): SecretPair[] {
  const merged: Record<string, string | null> = { ...STATE, SecretToken: MASKED_VALUE, ...overrides };
  return [
    ...Object.entries(merged)
      .filter(([, value]) => value !== null)
      .map(([key, value]) => ({ key, value: value as string })),
    ...extra,
  ];
}

describe("mergeRefresh", () => {
  it("is the masked value Graph uses", () => {
    expect(MASKED_VALUE).toBe("*");
  });

  it("keeps state when the server agrees and masks secrets", () => {
    expect(mergeRefresh(STATE, server())).toEqual({
      credentials: STATE,
      keys: Object.keys(STATE),
      drifted: [],
      missing: [],
    });
  });

  it("keeps the state value for a masked key", () => {
    const outcome = mergeRefresh(STATE, server({ BaseAddress: MASKED_VALUE, SyncAll: MASKED_VALUE }));
    expect(outcome.credentials).toEqual(STATE);
    expect(outcome.drifted).toEqual([]);
  });

  it("takes a clear-text value that differs, and reports the drift by name", () => {
    const outcome = mergeRefresh(STATE, server({ BaseAddress: "https://elsewhere.example", SyncAll: "true" }));
    expect(outcome.credentials).toEqual({ ...STATE, BaseAddress: "https://elsewhere.example", SyncAll: "true" });
    expect(outcome.drifted).toEqual(["BaseAddress", "SyncAll"]);
    expect(outcome.missing).toEqual([]);
  });

  it("compares JSON-valued keys semantically and keeps the state form when they agree", () => {
    const outcome = mergeRefresh(
      STATE,
      server({ SyncNotificationSettings: '{ "Enabled": true, "DeleteThresholdValue": 50 }' }),
    );
    expect(outcome.credentials).toEqual(STATE);
    expect(outcome.drifted).toEqual([]);
  });

  it("sees no drift in a JSON value Graph re-serialized with default fields added (the normalizing reading)", () => {
    const normalized = '{"Enabled":true,"Recipients":"","DeleteThresholdEnabled":false,"DeleteThresholdValue":50}';
    const outcome = mergeRefresh(STATE, server({ SyncNotificationSettings: normalized }));
    expect(outcome.credentials).toEqual(STATE);
    expect(outcome.drifted).toEqual([]);
  });

  it("reports drift when a declared field of a JSON value changed or went missing", () => {
    for (const changed of ['{"Enabled":true,"DeleteThresholdValue":40}', '{"Enabled":true}', '{"Enabled":"true","DeleteThresholdValue":50}']) {
      expect(mergeRefresh(STATE, server({ SyncNotificationSettings: changed })).drifted).toEqual(["SyncNotificationSettings"]);
    }
  });

  it("takes a drifted JSON value in canonical form", () => {
    const outcome = mergeRefresh(STATE, server({ SyncNotificationSettings: '{ "Enabled": false, "DeleteThresholdValue": 50 }' }));
    expect(outcome.credentials["SyncNotificationSettings"]).toBe('{"DeleteThresholdValue":50,"Enabled":false}');
    expect(outcome.drifted).toEqual(["SyncNotificationSettings"]);
  });

  it("takes a drifted JSON value that is not JSON as it is", () => {
    const outcome = mergeRefresh(STATE, server({ SyncNotificationSettings: "not json" }));
    expect(outcome.credentials["SyncNotificationSettings"]).toBe("not json");
    expect(outcome.drifted).toEqual(["SyncNotificationSettings"]);
  });

  it("treats a boolean word in another letter case as the same value", () => {
    const outcome = mergeRefresh(STATE, server({ SyncAll: "False" }));
    expect(outcome.credentials["SyncAll"]).toBe("false");
    expect(outcome.drifted).toEqual([]);
  });

  it("drops a declared key the server no longer has, from credentials and keys", () => {
    const outcome = mergeRefresh(STATE, server({ SyncAll: null, BaseAddress: null }));
    expect(outcome.credentials).toEqual({ SecretToken: "token-1", SyncNotificationSettings: STATE["SyncNotificationSettings"] });
    expect(outcome.keys).toEqual(["SecretToken", "SyncNotificationSettings"]);
    expect(outcome.missing).toEqual(["BaseAddress", "SyncAll"]);
    expect(outcome.drifted).toEqual([]);
  });

  it("counts an empty or non-string value as missing", () => {
    const pairs = server({ SyncAll: "" });
    pairs.push({ key: "BaseAddress", value: null as unknown as string });
    const outcome = mergeRefresh(STATE, pairs);
    expect(outcome.missing).toEqual(["BaseAddress", "SyncAll"]);
  });

  it("ignores keys the resource does not declare", () => {
    const outcome = mergeRefresh(STATE, server({}, [
      { key: "Password", value: "*" },
      { key: "UserName", value: "someone" },
      { key: "__proto__", value: "x" },
    ]));
    expect(outcome.credentials).toEqual(STATE);
    expect(outcome.keys).toEqual(Object.keys(STATE));
    expect(outcome.drifted).toEqual([]);
  });

  it("matches key names case-sensitively", () => {
    const pairs = server({ SyncAll: null }, [{ key: "syncall", value: "false" }]);
    expect(mergeRefresh(STATE, pairs).missing).toEqual(["SyncAll"]);
  });

  it("lets the last of repeated entries count", () => {
    const pairs = server({}, [{ key: "BaseAddress", value: "https://later.example" }]);
    expect(mergeRefresh(STATE, pairs).credentials["BaseAddress"]).toBe("https://later.example");
  });

  it("reports everything missing for an empty answer", () => {
    const outcome = mergeRefresh(STATE, []);
    expect(outcome).toEqual({ credentials: {}, keys: [], drifted: [], missing: Object.keys(STATE) });
  });

  it("returns credentials with sorted keys and skips malformed entries", () => {
    const outcome = mergeRefresh({ Zeta: "z", Alpha: "a" } as DeclaredSecrets, [
      null as unknown as SecretPair,
      { key: "Zeta", value: "z" },
      { key: "Alpha", value: "a" },
    ]);
    expect(Object.keys(outcome.credentials)).toEqual(["Alpha", "Zeta"]);
  });
});
