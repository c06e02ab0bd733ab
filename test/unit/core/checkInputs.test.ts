import { describe, expect, it } from "vitest";
import { checkInputs, CheckReasons, type CheckOutcome } from "../../../provider/core/checkInputs";
import { MAX_JSON_DEPTH } from "../../../provider/core/json";
import type { CheckFailure } from "../../../provider/core/state";
import { containsUnknown, UNKNOWN_VALUE } from "../../../provider/core/unknown";

const GUID = "0af4a6b2-9c3d-4e5f-8a7b-1c2d3e4f5a6b";
const TOKEN = "tok-7f3e-very-secret";
const URL = "https://scim.example/v2";
// What a program holds for the literals 12345678901234567890 and 0.12345678901234567: their digits already lost.
const LOSSY_INTEGER = Number("12345678901234567890");
const LOSSY_DECIMAL = Number("0.12345678901234567");

function valid(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { servicePrincipalId: GUID, credentials: { BaseAddress: URL, SecretToken: TOKEN }, ...overrides };
}

function failuresOf(news: unknown): CheckFailure[] {
  return checkInputs(news).failures;
}

/** The single failure `news` produces; fails the test if there is not exactly one. */
function onlyFailure(news: unknown): CheckFailure {
  const failures = failuresOf(news);
  expect(failures).toHaveLength(1);
  return failures[0] as CheckFailure;
}

function credentialsFailure(credentials: unknown): CheckFailure {
  return onlyFailure(valid({ credentials }));
}

describe("checkInputs on valid inputs", () => {
  it("normalizes the map form into the stored state", () => {
    const outcome = checkInputs({
      servicePrincipalId: `/servicePrincipals/${GUID.toUpperCase()}`,
      credentials: {
        SyncNotificationSettings: { Enabled: true, DeleteThresholdValue: 50 },
        SyncAll: true,
        TokenExpiration: 3600,
        SecretToken: TOKEN,
        BaseAddress: URL,
      },
      apiVersion: "beta",
    });
    expect(outcome).toEqual({
      failures: [],
      state: {
        servicePrincipalId: GUID,
        credentials: {
          BaseAddress: URL,
          SecretToken: TOKEN,
          SyncAll: "true",
          SyncNotificationSettings: '{"DeleteThresholdValue":50,"Enabled":true}',
          TokenExpiration: "3600",
        },
        keys: ["BaseAddress", "SecretToken", "SyncAll", "SyncNotificationSettings", "TokenExpiration"],
        apiVersion: "beta",
      },
    });
    const state = outcome.state;
    expect(Object.keys(state?.credentials ?? {})).toEqual(state?.keys);
  });

  it("normalizes the list form into the same state as the map form", () => {
    const fromList = checkInputs(
      valid({
        credentials: [
          { key: "SecretToken", value: TOKEN },
          { key: "Domain", value: '{ "domain": "contoso.com" }' },
          { key: "BaseAddress", value: URL },
        ],
      }),
    );
    const fromMap = checkInputs(
      valid({ credentials: { BaseAddress: URL, Domain: { domain: "contoso.com" }, SecretToken: TOKEN } }),
    );
    expect(fromList.failures).toEqual([]);
    expect(fromList).toEqual(fromMap);
    expect(fromList.state?.credentials).toEqual({
      BaseAddress: URL,
      Domain: '{"domain":"contoso.com"}',
      SecretToken: TOKEN,
    });
  });

  it("defaults apiVersion to v1.0, or to the configured default", () => {
    expect(checkInputs(valid()).state?.apiVersion).toBe("v1.0");
    expect(checkInputs(valid({ apiVersion: null })).state?.apiVersion).toBe("v1.0");
    expect(checkInputs(valid(), "beta").state?.apiVersion).toBe("beta");
    expect(checkInputs(valid({ apiVersion: "v1.0" }), "beta").state?.apiVersion).toBe("v1.0");
  });

  it("ignores the engine's __provider and our own keys output", () => {
    const outcome = checkInputs(valid({ __provider: "exports.handler = ...", keys: ["stale"] }));
    expect(outcome.failures).toEqual([]);
    expect(outcome.state).not.toHaveProperty("__provider");
    expect(outcome.state?.keys).toEqual(["BaseAddress", "SecretToken"]);
  });

  it("accepts its own output as input and returns it unchanged", () => {
    const first = checkInputs(
      valid({ credentials: { SyncNotificationSettings: '{"b":1, "a":[2]}', SyncAll: false, BaseAddress: URL } }),
    );
    const second = checkInputs(first.state);
    expect(second).toEqual(first);
  });

  it("accepts a JSON-valued key given as an empty object", () => {
    expect(checkInputs(valid({ credentials: { SyncNotificationSettings: {} } })).state?.credentials).toEqual({
      SyncNotificationSettings: "{}",
    });
  });

  it("accepts a plain key whose value is whitespace or looks like JSON", () => {
    expect(checkInputs(valid({ credentials: { Password: " ", UserName: "[1]" } })).failures).toEqual([]);
  });

  it("accepts https URLs with ports, paths and queries, in any scheme case", () => {
    for (const url of ["https://h", "https://h:8443/scim/v2?x=1", "HTTPS://Host.example/", "https://[::1]/scim"]) {
      expect(failuresOf(valid({ credentials: { BaseAddress: url } })), url).toEqual([]);
    }
  });
});

describe("checkInputs failures", () => {
  it("rejects inputs that are not an object", () => {
    for (const news of [null, undefined, 42, "text", true, [], [valid()], new Date(0)]) {
      expect(failuresOf(news)).toEqual([{ property: "", reason: CheckReasons.inputsNotObject }]);
    }
  });

  it("rejects properties it does not know, naming them", () => {
    expect(onlyFailure(valid({ apiversion: "beta" }))).toEqual({
      property: "apiversion",
      reason: CheckReasons.unknownProperty,
    });
    expect(onlyFailure(valid({ "odd name": 1 })).property).toBe('["odd name"]');
  });

  it("requires servicePrincipalId", () => {
    for (const servicePrincipalId of [undefined, null]) {
      expect(onlyFailure(valid({ servicePrincipalId }))).toEqual({
        property: "servicePrincipalId",
        reason: CheckReasons.servicePrincipalIdRequired,
      });
    }
  });

  it("requires servicePrincipalId to be a string", () => {
    for (const servicePrincipalId of [42, true, {}, [GUID]]) {
      expect(onlyFailure(valid({ servicePrincipalId })).reason).toBe(CheckReasons.servicePrincipalIdNotString);
    }
  });

  it("requires servicePrincipalId to be a GUID or /servicePrincipals/{guid}", () => {
    for (const servicePrincipalId of ["", "sp-name", `/applications/${GUID}`, `${GUID}x`]) {
      expect(onlyFailure(valid({ servicePrincipalId })).reason).toBe(CheckReasons.servicePrincipalIdMalformed);
    }
  });

  it("accepts only v1.0 and beta as apiVersion", () => {
    for (const apiVersion of ["V1.0", "v1", "v2.0", "", "BETA", 1, {}]) {
      expect(onlyFailure(valid({ apiVersion }))).toEqual({
        property: "apiVersion",
        reason: CheckReasons.apiVersionInvalid,
      });
    }
  });

  it("requires credentials", () => {
    for (const credentials of [undefined, null]) {
      expect(credentialsFailure(credentials)).toEqual({
        property: "credentials",
        reason: CheckReasons.credentialsRequired,
      });
    }
  });

  it("requires credentials to be a map or a list", () => {
    for (const credentials of ["BaseAddress=x", 5, true, new Map([["SecretToken", "x"]])]) {
      expect(credentialsFailure(credentials).reason).toBe(CheckReasons.credentialsNotCollection);
    }
  });

  it("rejects empty credentials in either form", () => {
    expect(credentialsFailure({}).reason).toBe(CheckReasons.credentialsEmpty);
    expect(credentialsFailure([]).reason).toBe(CheckReasons.credentialsEmpty);
  });

  it("rejects an undocumented key name, suggesting a near miss", () => {
    expect(credentialsFailure({ SecretTokn: "x" })).toEqual({
      property: "credentials.SecretTokn",
      reason: CheckReasons.unknownKey("SecretToken"),
    });
    expect(credentialsFailure({ secrettoken: "x" }).reason).toContain('did you mean "SecretToken"?');
    expect(credentialsFailure({ Frobnicate: "x" }).reason).toBe(CheckReasons.unknownKey(undefined));
  });

  it("rejects prototype keys as undocumented names without touching any prototype", () => {
    const credentials: unknown = JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":"x"}');
    const failures = failuresOf(valid({ credentials }));
    expect(failures.map((failure) => failure.property)).toEqual(["credentials.__proto__", "credentials.constructor"]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("rejects map keys that differ only by case, naming both", () => {
    const failures = failuresOf(valid({ credentials: { SecretToken: "a", secrettoken: "b" } }));
    expect(failures).toEqual([
      { property: "credentials.secrettoken", reason: CheckReasons.unknownKey("SecretToken") },
      { property: "credentials.secrettoken", reason: CheckReasons.duplicateKey("credentials.SecretToken") },
    ]);
  });

  it("rejects a key listed twice in the list form, even by another case", () => {
    expect(
      credentialsFailure([
        { key: "SecretToken", value: "a" },
        { key: "SecretToken", value: "b" },
      ]),
    ).toEqual({ property: "credentials[1].key", reason: CheckReasons.duplicateKey("credentials[0].key") });
    const failures = failuresOf(
      valid({
        credentials: [
          { key: "secretTOKEN", value: "a" },
          { key: "SecretToken", value: "b" },
        ],
      }),
    );
    expect(failures).toContainEqual({
      property: "credentials[1].key",
      reason: CheckReasons.duplicateKey("credentials[0].key"),
    });
  });

  it("rejects list entries that are not objects", () => {
    const failures = failuresOf(valid({ credentials: [null, "SecretToken", 3, ["SecretToken", "x"]] }));
    expect(failures).toEqual([0, 1, 2, 3].map((index) => ({
      property: `credentials[${index}]`,
      reason: CheckReasons.entryNotObject,
    })));
  });

  it("rejects holes in the list form", () => {
    const sparse: unknown[] = [];
    sparse[1] = { key: "SecretToken", value: "x" };
    expect(credentialsFailure(sparse)).toEqual({ property: "credentials[0]", reason: CheckReasons.entryNotObject });
  });

  it("rejects list entries with other properties", () => {
    expect(credentialsFailure([{ key: "SecretToken", value: "x", sensitive: true }])).toEqual({
      property: "credentials[0].sensitive",
      reason: CheckReasons.entryUnknownProperty,
    });
  });

  it("requires each list entry's key to be a string", () => {
    expect(credentialsFailure([{ value: "x" }])).toEqual({
      property: "credentials[0].key",
      reason: CheckReasons.keyRequired,
    });
    expect(credentialsFailure([{ key: 7, value: "x" }])).toEqual({
      property: "credentials[0].key",
      reason: CheckReasons.keyNotString,
    });
  });

  it("names the index, not the typed name, for an undocumented key in the list form", () => {
    expect(credentialsFailure([{ key: "SecretTokn", value: "x" }])).toEqual({
      property: "credentials[0].key",
      reason: CheckReasons.unknownKey("SecretToken"),
    });
  });

  it("requires a value for every key", () => {
    expect(credentialsFailure({ SecretToken: null })).toEqual({
      property: "credentials.SecretToken",
      reason: CheckReasons.valueRequired,
    });
    expect(credentialsFailure({ SecretToken: undefined }).reason).toBe(CheckReasons.valueRequired);
    expect(credentialsFailure([{ key: "SecretToken" }])).toEqual({
      property: "credentials[0].value",
      reason: CheckReasons.valueRequired,
    });
  });

  it("rejects an empty string for a plain key", () => {
    expect(credentialsFailure({ SecretToken: "" })).toEqual({
      property: "credentials.SecretToken",
      reason: CheckReasons.plainValueEmpty,
    });
  });

  it("rejects objects, arrays and exotic types for plain keys", () => {
    for (const value of [{ a: 1 }, ["x"], () => "x", Symbol("x"), 10n, new Date(0)]) {
      expect(credentialsFailure({ SecretToken: value })).toEqual({
        property: "credentials.SecretToken",
        reason: CheckReasons.plainValueType,
      });
    }
  });

  it("rejects non-finite numbers", () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(credentialsFailure({ TokenExpiration: value }).reason).toBe(CheckReasons.nonFiniteNumber);
    }
  });

  it("refuses a number whose digits would be lost, naming the key and suggesting a string", () => {
    // The literal 12345678901234567890 is already 12345678901234567000 when the program runs; 0.1 + 0.2 has 17 digits.
    for (const value of [LOSSY_INTEGER, 2 ** 53, -(2 ** 53), 1e21, 0.1 + 0.2, LOSSY_DECIMAL, 1e-7, 5e-324]) {
      const failure = credentialsFailure({ Password: value });
      expect(failure).toEqual({ property: "credentials.Password", reason: CheckReasons.inexactNumber("Password") });
      expect(failure.reason).toContain("pass it as a string");
      expect(failure.reason).not.toContain(String(value));
    }
    expect(onlyFailure(valid({ credentials: [{ key: "Password", value: LOSSY_INTEGER }] }))).toEqual({
      property: "credentials[0].value",
      reason: CheckReasons.inexactNumber("Password"),
    });
    expect(onlyFailure(valid({ credentials: [{ key: UNKNOWN_VALUE, value: 2 ** 60 }] }))).toEqual({
      property: "credentials[0].value",
      reason: CheckReasons.inexactNumber(undefined),
    });
  });

  it("keeps safe integers and decimals of up to 15 significant digits, written as JavaScript writes them", () => {
    const exact = { CompanyId: 2 ** 53 - 1, TokenExpiration: -(2 ** 53 - 1), Sandbox: 0.1, SyncAll: 123456789012.345, Url: -0 };
    const state = checkInputs(valid({ credentials: { ...exact, SecretToken: 0.000001 } })).state;
    expect(state?.credentials).toEqual({
      CompanyId: "9007199254740991",
      SecretToken: "0.000001",
      Sandbox: "0.1",
      SyncAll: "123456789012.345",
      TokenExpiration: "-9007199254740991",
      Url: "0",
    });
  });

  it("refuses a number inside a JSON-valued key that would not be stored exactly, given as data or as text", () => {
    expect(credentialsFailure({ SyncNotificationSettings: { Threshold: LOSSY_INTEGER } }).reason).toBe(
      CheckReasons.jsonValueInexactNumber,
    );
    expect(credentialsFailure({ Domain: '{"id": 12345678901234567890}' }).reason).toBe(CheckReasons.jsonValueInexactNumber);
    expect(credentialsFailure({ AppKey: '{"ratio": [0.12345678901234567]}' }).reason).toBe(CheckReasons.jsonValueInexactNumber);
    expect(checkInputs(valid({ credentials: { Domain: '{"id": 9007199254740991, "ratio": 1.5e3}' } })).state?.credentials).toMatchObject({
      Domain: '{"id":9007199254740991,"ratio":1500}',
    });
  });

  it("refuses a cleartext http:// BaseAddress, with the reason", () => {
    for (const value of ["http://scim.example", "HTTP://scim.example/v2", " http://scim.example", "http:scim.example"]) {
      expect(credentialsFailure({ BaseAddress: value }), value).toEqual({
        property: "credentials.BaseAddress",
        reason: CheckReasons.baseAddressCleartext,
      });
    }
    expect(CheckReasons.baseAddressCleartext).toContain("unencrypted");
  });

  it("accepts a BaseAddress that is not an https URL, Graph's documented user@domain.com among them, with a warning", () => {
    for (const value of [
      "user@domain.com",
      "scim.example",
      "/scim/v2",
      "https://",
      "https:scim.example",
      "https:///path",
      "https://\\\\host/path",
      "https://scim.example/a b",
      " https://scim.example",
      "ftp://scim.example",
      42,
      true,
    ]) {
      const outcome = checkInputs(valid({ credentials: { BaseAddress: value } }));
      expect(outcome.failures, String(value)).toEqual([]);
      expect(outcome.state?.credentials).toMatchObject({ BaseAddress: String(value) });
      expect(outcome.warnings).toEqual([{ property: "credentials.BaseAddress", reason: CheckReasons.baseAddressNotUrl }]);
    }
    expect(checkInputs(valid()).warnings).toBeUndefined();
  });

  it("requires a JSON-valued key to hold a JSON object", () => {
    for (const value of [5, true, ["a"], new Date(0), new Map()]) {
      expect(credentialsFailure({ SyncNotificationSettings: value })).toEqual({
        property: "credentials.SyncNotificationSettings",
        reason: CheckReasons.jsonValueType,
      });
    }
  });

  it("rejects an empty string for a JSON-valued key, pointing at removal", () => {
    for (const value of ["", "   "]) {
      expect(credentialsFailure({ Domain: value }).reason).toBe(CheckReasons.jsonValueEmpty);
    }
  });

  it("requires JSON text for a JSON-valued key to parse", () => {
    for (const value of ["{", "{'a':1}", "contoso.com", "{\"a\":1}x"]) {
      expect(credentialsFailure({ Domain: value }).reason).toBe(CheckReasons.jsonTextInvalid);
    }
  });

  it("requires JSON text for a JSON-valued key to be an object", () => {
    for (const value of ["[]", "1", "\"text\"", "null", "true"]) {
      expect(credentialsFailure({ AppKey: value }).reason).toBe(CheckReasons.jsonTextNotObject);
    }
  });

  it("requires an object for a JSON-valued key to be plain JSON data", () => {
    for (const inner of [undefined, () => 1, Number.NaN, 1n, new Date(0), Symbol("s"), [1, undefined]]) {
      expect(credentialsFailure({ SyncNotificationSettings: { inner } }).reason).toBe(CheckReasons.jsonValueNotData);
    }
    const sparse: unknown[] = [];
    sparse[2] = 1;
    expect(credentialsFailure({ SyncNotificationSettings: { sparse } }).reason).toBe(CheckReasons.jsonValueNotData);
  });

  it("rejects a cyclic object for a JSON-valued key", () => {
    const cyclic: Record<string, unknown> = { Enabled: true };
    cyclic["again"] = { cyclic };
    expect(credentialsFailure({ SyncNotificationSettings: cyclic }).reason).toBe(CheckReasons.jsonValueCyclic);
  });

  it("rejects nesting deeper than the limit, in objects and in JSON text", () => {
    let deep: Record<string, unknown> = {};
    for (let level = 0; level < MAX_JSON_DEPTH; level += 1) {
      deep = { deep };
    }
    expect(credentialsFailure({ Domain: deep }).reason).toBe(CheckReasons.jsonValueTooDeep);
    expect(credentialsFailure({ Domain: JSON.stringify(deep) }).reason).toBe(CheckReasons.jsonValueTooDeep);
    expect(failuresOf(valid({ credentials: { Domain: (deep["deep"] as Record<string, unknown>) } }))).toEqual([]);
  });

  it("reports every problem at once, in input order", () => {
    const failures = failuresOf({
      servicePrincipalId: "nope",
      credentials: { SecretToken: "", BaseAddress: "http://x" },
      apiVersion: "v2",
      extra: 1,
    });
    expect(failures.map((failure) => failure.property)).toEqual([
      "extra",
      "servicePrincipalId",
      "credentials.SecretToken",
      "credentials.BaseAddress",
      "apiVersion",
    ]);
  });

  it("returns no state when anything fails", () => {
    expect(checkInputs(valid({ apiVersion: "v2" })).state).toBeUndefined();
  });
});

describe("checkInputs with unknown values (preview)", () => {
  it("keeps an unknown servicePrincipalId, apiVersion or whole credentials as the marker", () => {
    const outcome = checkInputs({
      servicePrincipalId: UNKNOWN_VALUE,
      credentials: UNKNOWN_VALUE,
      apiVersion: UNKNOWN_VALUE,
    });
    expect(outcome).toEqual({
      failures: [],
      state: {
        servicePrincipalId: UNKNOWN_VALUE,
        credentials: UNKNOWN_VALUE,
        keys: UNKNOWN_VALUE,
        apiVersion: UNKNOWN_VALUE,
      },
    });
  });

  it("keeps the key set when only values are unknown, even where another type is expected", () => {
    const outcome = checkInputs(
      valid({
        credentials: {
          BaseAddress: UNKNOWN_VALUE,
          SyncAll: UNKNOWN_VALUE,
          Domain: UNKNOWN_VALUE,
          SyncNotificationSettings: { Enabled: true, Recipients: UNKNOWN_VALUE },
          SecretToken: TOKEN,
        },
      }),
    );
    expect(outcome.failures).toEqual([]);
    expect(outcome.state?.credentials).toEqual({
      BaseAddress: UNKNOWN_VALUE,
      Domain: UNKNOWN_VALUE,
      SecretToken: TOKEN,
      SyncAll: UNKNOWN_VALUE,
      SyncNotificationSettings: UNKNOWN_VALUE,
    });
    expect(outcome.state?.keys).toEqual(["BaseAddress", "Domain", "SecretToken", "SyncAll", "SyncNotificationSettings"]);
  });

  it("makes the key set unknown when a list entry or its key is unknown", () => {
    for (const credentials of [
      [{ key: "SecretToken", value: TOKEN }, UNKNOWN_VALUE],
      [{ key: UNKNOWN_VALUE, value: TOKEN }],
    ]) {
      const outcome = checkInputs(valid({ credentials }));
      expect(outcome.failures).toEqual([]);
      expect(outcome.state?.credentials).toBe(UNKNOWN_VALUE);
      expect(outcome.state?.keys).toBe(UNKNOWN_VALUE);
    }
  });

  it("still checks what it can next to unknowns", () => {
    const failures = failuresOf({
      servicePrincipalId: UNKNOWN_VALUE,
      credentials: [UNKNOWN_VALUE, { key: "SecretTokn", value: "x" }, { key: UNKNOWN_VALUE, value: Number.NaN }],
      apiVersion: "v3",
    });
    expect(failures).toEqual([
      { property: "credentials[1].key", reason: CheckReasons.unknownKey("SecretToken") },
      { property: "credentials[2].value", reason: CheckReasons.nonFiniteNumber },
      { property: "apiVersion", reason: CheckReasons.apiVersionInvalid },
    ]);
  });

  it("checks only key-independent rules for the value of an unknown key", () => {
    const cases: Array<[unknown, string | undefined]> = [
      ["", undefined],
      [{ a: 1 }, undefined],
      [true, undefined],
      [null, CheckReasons.valueRequired],
      [{ a: () => 1 }, CheckReasons.jsonValueNotData],
      [new Date(0), CheckReasons.plainValueType],
      [["x"], CheckReasons.plainValueType],
      [Symbol("s"), CheckReasons.plainValueType],
    ];
    for (const [value, reason] of cases) {
      const failures = failuresOf(valid({ credentials: [{ key: UNKNOWN_VALUE, value }] }));
      expect(failures).toEqual(reason === undefined ? [] : [{ property: "credentials[0].value", reason }]);
    }
  });

  it("tells complete states from partial ones", () => {
    const complete = checkInputs(valid()).state;
    const partial = checkInputs(valid({ credentials: { SecretToken: UNKNOWN_VALUE } })).state;
    const partialVersion = checkInputs(valid({ apiVersion: UNKNOWN_VALUE })).state;
    expect(complete && containsUnknown(complete)).toBe(false);
    expect(partial && containsUnknown(partial)).toBe(true);
    expect(partialVersion && containsUnknown(partialVersion)).toBe(true);
  });

  it("treats an unknown nested in JSON text as plain text", () => {
    const text = JSON.stringify({ Recipients: UNKNOWN_VALUE });
    expect(checkInputs(valid({ credentials: { SyncNotificationSettings: text } })).state?.credentials).toEqual({
      SyncNotificationSettings: text,
    });
  });
});

describe("checkInputs robustness", () => {
  function expectNoThrow(news: unknown): CheckOutcome {
    let outcome: CheckOutcome | undefined;
    expect(() => {
      outcome = checkInputs(news);
    }).not.toThrow();
    return outcome as CheckOutcome;
  }

  it("reports, rather than throws, when a getter throws", () => {
    const news = valid();
    Object.defineProperty(news, "credentials", {
      enumerable: true,
      get() {
        throw new Error(`boom ${TOKEN}`);
      },
    });
    const outcome = expectNoThrow(news);
    expect(outcome.failures).toEqual([{ property: "", reason: CheckReasons.uninspectable }]);
  });

  it("reports, rather than throws, for a hostile proxy", () => {
    const hostile = new Proxy(
      {},
      {
        getPrototypeOf: () => {
          throw new Error("no");
        },
      },
    );
    expect(expectNoThrow(hostile).failures).toHaveLength(1);
    expect(expectNoThrow(valid({ credentials: { SyncNotificationSettings: hostile } })).failures).toHaveLength(1);
  });

  it("handles a huge value without echoing it", () => {
    const huge = `x${TOKEN}`.repeat(200_000);
    const outcome = expectNoThrow(valid({ credentials: { Domain: huge, SecretToken: huge } }));
    expect(outcome.failures).toEqual([
      { property: "credentials.Domain", reason: CheckReasons.jsonTextInvalid },
    ]);
  });

  it("handles very deep JSON text", () => {
    const deepText = `${"[".repeat(50_000)}${"]".repeat(50_000)}`;
    const outcome = expectNoThrow(valid({ credentials: { Domain: `{"a":${deepText}}` } }));
    expect(outcome.failures).toHaveLength(1);
  });

  it("answers deep and cyclic values with a check failure, never a RangeError, for every kind of key", () => {
    let deep: Record<string, unknown> = {};
    for (let level = 0; level < 200_000; level += 1) deep = { deep };
    let deepList: unknown[] = [];
    for (let level = 0; level < 200_000; level += 1) deepList = [deepList];
    const cyclic: Record<string, unknown> = {};
    cyclic["self"] = cyclic;
    for (const value of [deep, deepList, cyclic, { wrapped: deepList }]) {
      for (const credentials of [{ SyncNotificationSettings: value }, { SecretToken: value }, [{ key: UNKNOWN_VALUE, value }]]) {
        const outcome = expectNoThrow(valid({ credentials }));
        expect(outcome.failures).toHaveLength(1);
        expect(outcome.state).toBeUndefined();
      }
    }
    const deepCredentials = expectNoThrow(valid({ credentials: deep }));
    expect(deepCredentials.failures.map((failure) => failure.reason)).toEqual([CheckReasons.unknownKey(undefined)]);
    expect(expectNoThrow(deep).failures.length).toBeGreaterThan(0);
  });

  it("handles an object created without a prototype", () => {
    const credentials = Object.create(null) as Record<string, unknown>;
    credentials["SecretToken"] = TOKEN;
    const news = Object.assign(Object.create(null) as Record<string, unknown>, valid({ credentials }));
    expect(expectNoThrow(news).failures).toEqual([]);
  });

  it("ignores inherited properties and symbol keys", () => {
    const inherited = Object.create({ apiVersion: "nonsense", credentials: { Bad: 1 } }) as Record<string, unknown>;
    Object.assign(inherited, valid(), { [Symbol("extra")]: 1 });
    // A class-less object with a custom prototype is not plain data.
    expect(expectNoThrow(inherited).failures).toEqual([{ property: "", reason: CheckReasons.inputsNotObject }]);
    const withSymbol = { ...valid(), [Symbol("extra")]: 1 };
    expect(expectNoThrow(withSymbol).failures).toEqual([]);
  });

  it("never puts a value into a reason", () => {
    const failures = failuresOf({
      servicePrincipalId: `sp-${TOKEN}`,
      credentials: {
        SecretToken: { TOKEN },
        BaseAddress: `http://${TOKEN}`,
        Domain: `{"${TOKEN}"`,
        AppKey: `["${TOKEN}"]`,
        UserName: [TOKEN],
      },
      apiVersion: TOKEN,
    });
    expect(failures).toHaveLength(7);
    for (const failure of failures) {
      expect(failure.reason).not.toContain("tok-7f3e");
      expect(failure.property).not.toContain("tok-7f3e");
    }
  });
});
