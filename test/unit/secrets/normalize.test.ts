import { describe, expect, it } from "vitest";
import {
  canonicalJson,
  canonicalJsonText,
  normalizeCredentials,
  normalizeServicePrincipalId,
  parseSecretsResourceId,
  sameWireValue,
  SecretsInputError,
  secretsResourceId,
  toWireValue,
  UNKNOWN_VALUE,
  type CredentialsInput,
} from "../../../provider/secrets";

const GUID = "0af4a6b2-9c3d-4e5f-8a7b-1c2d3e4f5a6b";

describe("normalizeServicePrincipalId", () => {
  it("accepts a bare GUID", () => {
    expect(normalizeServicePrincipalId(GUID)).toBe(GUID);
  });

  it("accepts the /servicePrincipals/{guid} form that azuread ids use", () => {
    expect(normalizeServicePrincipalId(`/servicePrincipals/${GUID}`)).toBe(GUID);
  });

  it("lowercases the GUID and accepts the path segment in any case", () => {
    expect(normalizeServicePrincipalId(GUID.toUpperCase())).toBe(GUID);
    expect(normalizeServicePrincipalId(`/SERVICEPRINCIPALS/${GUID.toUpperCase()}`)).toBe(GUID);
  });

  it("rejects anything that is not exactly one of the two forms", () => {
    for (const raw of [
      "",
      "not-a-guid",
      `{${GUID}}`,
      ` ${GUID}`,
      `${GUID} `,
      `${GUID}\n`,
      GUID.replaceAll("-", ""),
      `${GUID}0`,
      GUID.replace("a", "g"),
      `servicePrincipals/${GUID}`,
      `/servicePrincipals/${GUID}/`,
      `/applications/${GUID}`,
      `/servicePrincipals/${GUID}/synchronization/secrets`,
      `/servicePrincipals/`,
    ]) {
      expect(normalizeServicePrincipalId(raw), raw).toBeUndefined();
    }
  });

  it("returns undefined rather than throwing for a non-string", () => {
    expect(normalizeServicePrincipalId(42 as unknown as string)).toBeUndefined();
    expect(normalizeServicePrincipalId(undefined as unknown as string)).toBeUndefined();
  });
});

describe("secretsResourceId", () => {
  it("names the principal's secrets collection", () => {
    expect(secretsResourceId(GUID)).toBe(`/servicePrincipals/${GUID}/synchronization/secrets`);
  });

  it("normalizes either id form first", () => {
    expect(secretsResourceId(`/servicePrincipals/${GUID.toUpperCase()}`)).toBe(
      `/servicePrincipals/${GUID}/synchronization/secrets`,
    );
  });

  it("throws a typed error that does not repeat the id", () => {
    const bad = "sensitive-looking-id";
    let caught: unknown;
    try {
      secretsResourceId(bad);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SecretsInputError);
    expect((caught as SecretsInputError).name).toBe("SecretsInputError");
    expect((caught as SecretsInputError).property).toBe("servicePrincipalId");
    expect((caught as Error).message).not.toContain(bad);
  });
});

describe("parseSecretsResourceId", () => {
  it("reads the GUID back out of a resource id", () => {
    expect(parseSecretsResourceId(secretsResourceId(GUID))).toBe(GUID);
    expect(parseSecretsResourceId(`/servicePrincipals/${GUID.toUpperCase()}/synchronization/secrets`)).toBe(GUID);
  });

  it("rejects other ids", () => {
    expect(parseSecretsResourceId(`/servicePrincipals/${GUID}`)).toBeUndefined();
    expect(parseSecretsResourceId(`/servicePrincipals/nope/synchronization/secrets`)).toBeUndefined();
    expect(parseSecretsResourceId(`/servicePrincipals/${GUID}/synchronization/jobs`)).toBeUndefined();
    expect(parseSecretsResourceId(undefined as unknown as string)).toBeUndefined();
  });
});

describe("canonicalJson", () => {
  it("sorts object keys at every depth and drops whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it("keeps array order", () => {
    expect(canonicalJson([3, 1, 2])).toBe("[3,1,2]");
  });

  it("sorts by UTF-16 code units, independent of locale", () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3, é: 4, "10": 5, "9": 6 })).toBe('{"10":5,"9":6,"B":2,"a":3,"b":1,"é":4}');
  });

  it("writes scalars as JSON does", () => {
    expect(canonicalJson("a\"b\n")).toBe('"a\\"b\\n"');
    expect(canonicalJson(50)).toBe("50");
    expect(canonicalJson(-0)).toBe("0");
    expect(canonicalJson(true)).toBe("true");
    expect(canonicalJson(null)).toBe("null");
  });

  it("follows JSON.stringify for values JSON cannot hold", () => {
    expect(canonicalJson({ a: undefined, b: () => 1, c: Number.NaN })).toBe('{"c":null}');
    expect(canonicalJson([undefined, Number.POSITIVE_INFINITY])).toBe("[null,null]");
  });

  it("keeps a __proto__ key as data", () => {
    const parsed: unknown = JSON.parse('{"__proto__":{"polluted":true},"a":1}');
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"polluted":true},"a":1}');
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("throws a typed error for a cycle, a bigint or a top-level undefined", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic["self"] = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(SecretsInputError);
    expect(() => canonicalJson({ n: 1n })).toThrow(SecretsInputError);
    expect(() => canonicalJson(undefined)).toThrow(SecretsInputError);
  });

  it("accepts the same object twice when it is not a cycle", () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });
});

describe("canonicalJsonText", () => {
  it("re-serializes JSON text canonically", () => {
    expect(canonicalJsonText('{ "b": 1,\n "a": 2 }')).toBe('{"a":2,"b":1}');
  });

  it("returns undefined for text that is not JSON", () => {
    expect(canonicalJsonText("{not json")).toBeUndefined();
    expect(canonicalJsonText("")).toBeUndefined();
  });
});

describe("toWireValue", () => {
  it("writes numbers and booleans in their string form", () => {
    expect(toWireValue("SyncAll", true)).toBe("true");
    expect(toWireValue("SyncAll", false)).toBe("false");
    expect(toWireValue("TokenExpiration", 50)).toBe("50");
    expect(toWireValue("TokenExpiration", 1.5)).toBe("1.5");
  });

  it("keeps plain strings exactly, even when they look like JSON", () => {
    expect(toWireValue("SecretToken", "  spaced  ")).toBe("  spaced  ");
    expect(toWireValue("Password", '{ "b": 1, "a": 2 }')).toBe('{ "b": 1, "a": 2 }');
  });

  it("serializes an object for a JSON-valued key canonically", () => {
    expect(toWireValue("SyncNotificationSettings", { Enabled: true, DeleteThresholdValue: 50 })).toBe(
      '{"DeleteThresholdValue":50,"Enabled":true}',
    );
  });

  it("re-serializes JSON text for a JSON-valued key canonically", () => {
    expect(toWireValue("Domain", '{ "domain": "contoso.com" }')).toBe('{"domain":"contoso.com"}');
  });

  it("keeps a value holding an unknown as the unknown marker", () => {
    expect(toWireValue("SecretToken", UNKNOWN_VALUE)).toBe(UNKNOWN_VALUE);
    expect(toWireValue("SyncNotificationSettings", { Enabled: UNKNOWN_VALUE })).toBe(UNKNOWN_VALUE);
  });

  it("throws a typed error, without the value, for what check rejects", () => {
    const secret = "hunter2-secret-text";
    const cases: Array<[string, unknown]> = [
      ["Domain", `not json ${secret}`],
      ["Domain", `["${secret}"]`],
      ["Domain", 5],
      ["SecretToken", { secret }],
      ["SecretToken", Number.NaN],
    ];
    for (const [key, value] of cases) {
      let caught: unknown;
      try {
        toWireValue(key, value as string);
      } catch (error) {
        caught = error;
      }
      expect(caught, key).toBeInstanceOf(SecretsInputError);
      expect((caught as Error).message).not.toContain(secret);
      expect((caught as SecretsInputError).property).toBe(`credentials.${key}`);
    }
  });
});

describe("normalizeCredentials", () => {
  const expected = {
    BaseAddress: "https://scim.example/v2",
    SecretToken: "token",
    SyncAll: "false",
    SyncNotificationSettings: '{"DeleteThresholdEnabled":false,"Enabled":true}',
  };

  it("turns the map form into sorted wire strings", () => {
    const result = normalizeCredentials({
      SyncNotificationSettings: { Enabled: true, DeleteThresholdEnabled: false },
      SyncAll: false,
      SecretToken: "token",
      BaseAddress: "https://scim.example/v2",
    });
    expect(result).toEqual(expected);
    expect(Object.keys(result)).toEqual(Object.keys(expected));
  });

  it("turns the list form into the same map", () => {
    const result = normalizeCredentials([
      { key: "SyncAll", value: "false" },
      { key: "SecretToken", value: "token" },
      { key: "SyncNotificationSettings", value: '{"Enabled":true,"DeleteThresholdEnabled":false}' },
      { key: "BaseAddress", value: "https://scim.example/v2" },
    ]);
    expect(result).toEqual(expected);
    expect(Object.keys(result)).toEqual(Object.keys(expected));
  });

  it("throws a typed error for an undocumented or repeated key", () => {
    expect(() => normalizeCredentials({ NotAKey: "x" })).toThrow(SecretsInputError);
    expect(() =>
      normalizeCredentials([
        { key: "SecretToken", value: "a" },
        { key: "SecretToken", value: "b" },
      ]),
    ).toThrow(/more than once/);
    expect(() => normalizeCredentials([null as unknown as { key: string; value: string }])).toThrow(SecretsInputError);
  });

  it("never defines a prototype through a key", () => {
    const input = JSON.parse('{"__proto__":{"x":1}}') as CredentialsInput;
    expect(() => normalizeCredentials(input)).toThrow(SecretsInputError);
  });
});

describe("sameWireValue", () => {
  it("compares JSON-valued keys semantically", () => {
    expect(sameWireValue("SyncNotificationSettings", '{"a":1,"b":2}', '{ "b": 2, "a": 1 }')).toBe(true);
    expect(sameWireValue("SyncNotificationSettings", '{"a":1}', '{"a":2}')).toBe(false);
    expect(sameWireValue("Domain", "{bad", "{bad")).toBe(true);
    expect(sameWireValue("Domain", "{bad", "{bad }")).toBe(false);
  });

  it("compares plain keys exactly, except the letter case of a boolean word", () => {
    expect(sameWireValue("SyncAll", "true", "True")).toBe(true);
    expect(sameWireValue("SyncAll", "FALSE", "false")).toBe(true);
    expect(sameWireValue("SyncAll", "true", "false")).toBe(false);
    expect(sameWireValue("SecretToken", "Abc", "abc")).toBe(false);
    expect(sameWireValue("Password", '{"a":1,"b":2}', '{"b":2,"a":1}')).toBe(false);
  });
});
