import { describe, expect, it } from "vitest";
import { checkInputs } from "../../../provider/core/checkInputs";
import { diffState, planClear, planWrite } from "../../../provider/core/plan";
import type { SynchronizationSecretsState } from "../../../provider/core/state";
import { UNKNOWN_VALUE } from "../../../provider/core/unknown";

const GUID = "0af4a6b2-9c3d-4e5f-8a7b-1c2d3e4f5a6b";
const OTHER_GUID = "11111111-2222-4333-8444-555555555555";
const URL = "https://scim.example/v2";

const OLDS: SynchronizationSecretsState = {
  servicePrincipalId: GUID,
  credentials: {
    BaseAddress: URL,
    SecretToken: "token-1",
    SyncAll: "false",
    SyncNotificationSettings: '{"DeleteThresholdValue":50,"Enabled":true}',
  },
  keys: ["BaseAddress", "SecretToken", "SyncAll", "SyncNotificationSettings"],
  apiVersion: "v1.0",
};

function news(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    servicePrincipalId: GUID,
    credentials: { ...OLDS.credentials },
    apiVersion: "v1.0",
    __provider: "serialized provider code",
    ...overrides,
  };
}

function withCredentials(changes: Record<string, unknown>, removed: string[] = []): Record<string, unknown> {
  const credentials: Record<string, unknown> = { ...OLDS.credentials, ...changes };
  for (const key of removed) {
    delete credentials[key];
  }
  return news({ credentials });
}

const NO_CHANGE = { changes: false, replaces: [] };
const UPDATE = { changes: true, replaces: [] };

/** Pulumi's order: `check` validates and normalizes the inputs once, `diff` compares what it produced. */
function diffSecrets(olds: SynchronizationSecretsState, raw: unknown): { changes: boolean; replaces: string[] } {
  const checked = checkInputs(raw).state;
  if (checked === undefined) {
    throw new Error("the engine never diffs inputs that check rejects");
  }
  return diffState(olds, checked);
}

describe("diffState of checked inputs", () => {
  it("finds nothing when the inputs match the stored state", () => {
    expect(diffSecrets(OLDS, news())).toEqual(NO_CHANGE);
  });

  it("finds nothing when the state itself is passed back", () => {
    expect(diffSecrets(OLDS, OLDS)).toEqual(NO_CHANGE);
  });

  it("treats the two id forms of one principal as equal", () => {
    expect(diffSecrets(OLDS, news({ servicePrincipalId: `/servicePrincipals/${GUID.toUpperCase()}` }))).toEqual(
      NO_CHANGE,
    );
    const legacy = { ...OLDS, servicePrincipalId: `/servicePrincipals/${GUID}` };
    expect(diffSecrets(legacy, news())).toEqual(NO_CHANGE);
  });

  it("replaces the resource for another service principal", () => {
    expect(diffSecrets(OLDS, news({ servicePrincipalId: OTHER_GUID }))).toEqual({ changes: true, replaces: ["servicePrincipalId"] });
  });

  it("updates for a changed, added or removed key", () => {
    const updatesCredentials = UPDATE;
    expect(diffSecrets(OLDS, withCredentials({ SecretToken: "token-2" }))).toEqual(updatesCredentials);
    expect(diffSecrets(OLDS, withCredentials({ Password: "p" }))).toEqual(updatesCredentials);
    expect(diffSecrets(OLDS, withCredentials({}, ["SyncAll"]))).toEqual(updatesCredentials);
  });

  it("updates for a changed JSON value", () => {
    const changed = withCredentials({ SyncNotificationSettings: { Enabled: false, DeleteThresholdValue: 50 } });
    expect(diffSecrets(OLDS, changed)).toEqual(UPDATE);
  });

  it("ignores key order and whitespace in JSON values", () => {
    expect(
      diffSecrets(OLDS, withCredentials({ SyncNotificationSettings: '{ "Enabled": true,\n "DeleteThresholdValue": 50 }' })),
    ).toEqual(NO_CHANGE);
    expect(
      diffSecrets(OLDS, withCredentials({ SyncNotificationSettings: { Enabled: true, DeleteThresholdValue: 50 } })),
    ).toEqual(NO_CHANGE);
  });

  it("treats a boolean or number and its string form as equal", () => {
    expect(diffSecrets(OLDS, withCredentials({ SyncAll: false }))).toEqual(NO_CHANGE);
    const withNumber = { ...OLDS, credentials: { ...OLDS.credentials, TokenExpiration: "50" } };
    expect(diffSecrets(withNumber, withCredentials({ TokenExpiration: 50 }))).toEqual(NO_CHANGE);
  });

  it("accepts the list form against a state stored from the map form", () => {
    const list = Object.entries(OLDS.credentials).map(([key, value]) => ({ key, value }));
    expect(diffSecrets(OLDS, news({ credentials: list.reverse() }))).toEqual(NO_CHANGE);
  });

  it("updates, without replacing, for an apiVersion change", () => {
    expect(diffSecrets(OLDS, news({ apiVersion: "beta" }))).toEqual(UPDATE);
  });

  it("reads a missing apiVersion as v1.0 on both sides", () => {
    const { apiVersion: _dropped, ...withoutVersion } = news();
    expect(diffSecrets(OLDS, withoutVersion)).toEqual(NO_CHANGE);
    const oldWithout = { ...OLDS } as Partial<SynchronizationSecretsState>;
    delete oldWithout.apiVersion;
    expect(diffSecrets(oldWithout as SynchronizationSecretsState, news())).toEqual(NO_CHANGE);
  });

  it("ignores properties it does not own, such as __provider and keys", () => {
    expect(diffSecrets(OLDS, news({ __provider: "new provider code", keys: ["anything"] }))).toEqual(NO_CHANGE);
  });

  it("reports a possible replacement for an unknown servicePrincipalId", () => {
    expect(diffSecrets(OLDS, news({ servicePrincipalId: UNKNOWN_VALUE }))).toEqual({ changes: true, replaces: ["servicePrincipalId"] });
  });

  it("reports a possible update for unknown credentials, values or apiVersion", () => {
    for (const unknownNews of [
      news({ credentials: UNKNOWN_VALUE }),
      withCredentials({ SecretToken: UNKNOWN_VALUE }),
      withCredentials({ SyncNotificationSettings: { Enabled: UNKNOWN_VALUE, DeleteThresholdValue: 50 } }),
      news({ credentials: [...Object.entries(OLDS.credentials).map(([key, value]) => ({ key, value })), UNKNOWN_VALUE] }),
      news({ apiVersion: UNKNOWN_VALUE }),
    ]) {
      const diff = diffSecrets(OLDS, unknownNews);
      expect(diff.changes).toBe(true);
      expect(diff.replaces).toEqual([]);
    }
  });

  it("never sees inputs that fail validation: check reports them first", () => {
    for (const invalid of [news({ credentials: {} }), news({ servicePrincipalId: OTHER_GUID, credentials: {} }), null]) {
      expect(checkInputs(invalid).state).toBeUndefined();
      expect(checkInputs(invalid).failures.length).toBeGreaterThan(0);
    }
  });
});

describe("planWrite", () => {
  it("writes every declared key, sorted, on create", () => {
    expect(planWrite(undefined, { SecretToken: "t", BaseAddress: URL, Domain: '{"domain":"c"}' })).toEqual({
      pairs: [
        { key: "BaseAddress", value: URL },
        { key: "Domain", value: '{"domain":"c"}' },
        { key: "SecretToken", value: "t" },
      ],
      clearedJsonKeys: [],
    });
  });

  it("writes every declared key on update, not only the changed and added ones", () => {
    const plan = planWrite(OLDS.credentials, { ...OLDS.credentials, SecretToken: "token-2", Password: "p" });
    expect(plan).toEqual({
      pairs: [
        { key: "BaseAddress", value: URL },
        { key: "Password", value: "p" },
        { key: "SecretToken", value: "token-2" },
        { key: "SyncAll", value: "false" },
        { key: "SyncNotificationSettings", value: OLDS.credentials["SyncNotificationSettings"] },
      ],
      clearedJsonKeys: [],
    });
  });

  it("clears removed keys in the same PUT: plain ones with an empty string, JSON-valued ones with an empty object", () => {
    const plan = planWrite(OLDS.credentials, { BaseAddress: URL });
    expect(plan.pairs).toEqual([
      { key: "BaseAddress", value: URL },
      { key: "SecretToken", value: "" },
      { key: "SyncAll", value: "" },
      { key: "SyncNotificationSettings", value: "{}" },
    ]);
    expect(plan.clearedJsonKeys).toEqual(["SyncNotificationSettings"]);
  });

  it("writes nothing when the declaration is unchanged", () => {
    expect(planWrite(OLDS.credentials, OLDS.credentials)).toEqual({
      pairs: [],
      clearedJsonKeys: [],
    });
  });

  it("writes nothing for a JSON value that only differs in formatting", () => {
    const reformatted = { ...OLDS.credentials, SyncNotificationSettings: '{ "Enabled": true, "DeleteThresholdValue": 50 }' };
    expect(planWrite(OLDS.credentials, reformatted).pairs).toEqual([]);
  });

  it("writes a JSON value that changed, in its new form, with the other declared keys", () => {
    const changed = { ...OLDS.credentials, SyncNotificationSettings: '{"DeleteThresholdValue":40,"Enabled":true}' };
    const plan = planWrite(OLDS.credentials, changed);
    expect(plan.pairs.map((pair) => pair.key)).toEqual(OLDS.keys);
    expect(plan.pairs).toContainEqual({ key: "SyncNotificationSettings", value: '{"DeleteThresholdValue":40,"Enabled":true}' });
  });
});

describe("planClear", () => {
  it("clears every managed key and reports the JSON-valued ones", () => {
    expect(planClear(OLDS.credentials)).toEqual({
      pairs: [
        { key: "BaseAddress", value: "" },
        { key: "SecretToken", value: "" },
        { key: "SyncAll", value: "" },
        { key: "SyncNotificationSettings", value: "{}" },
      ],
      clearedJsonKeys: ["SyncNotificationSettings"],
    });
  });

  it("writes nothing when no key is managed", () => {
    expect(planClear({}).pairs).toEqual([]);
  });

  it("never carries a secret value", () => {
    const plan = planClear({ SecretToken: "token-1", Password: "pw", Domain: '{"domain":"c"}' });
    expect(plan.pairs.map((pair) => pair.value)).toEqual(["{}", "", ""]);
  });
});
