import { describe, expect, it } from "vitest";
import {
  clearedValueFor,
  isJsonValuedKey,
  isSecretKeyName,
  sameWireValue,
  JSON_VALUED_KEYS,
  SECRET_KEY_NAMES,
  suggestSecretKey,
} from "../../../provider/core/keys";

// The enum as the Graph docs list it (synchronizationSecretKeyStringValuePair), typed out independently.
const DOCUMENTED =
  "None, UserName, Password, SecretToken, AppKey, BaseAddress, ClientIdentifier, ClientSecret, SingleSignOnType, " +
  "Sandbox, Url, Domain, ConsumerKey, ConsumerSecret, TokenKey, TokenExpiration, Oauth2AccessToken, " +
  "Oauth2AccessTokenCreationTime, Oauth2RefreshToken, SyncAll, InstanceName, Oauth2ClientId, Oauth2ClientSecret, " +
  "CompanyId, UpdateKeyOnSoftDelete, SynchronizationSchedule, SystemOfRecord, SandboxName, EnforceDomain, " +
  "SyncNotificationSettings, SkipOutOfScopeDeletions, Oauth2AuthorizationCode, Oauth2RedirectUri, " +
  "ApplicationTemplateIdentifier, Oauth2TokenExchangeUri, Oauth2AuthorizationUri, AuthenticationType, Server, " +
  "PerformInboundEntitlementGrants, HardDeletesEnabled, SyncAgentCompatibilityKey, SyncAgentADContainer, " +
  "ValidateDomain, TestReferences, ConnectionString";

describe("the secret key catalogue", () => {
  it("lists the 45 documented names in the documented order", () => {
    expect(SECRET_KEY_NAMES).toEqual(DOCUMENTED.split(", "));
    expect(SECRET_KEY_NAMES).toHaveLength(45);
  });

  it("cannot be changed at run time", () => {
    expect(Object.isFrozen(SECRET_KEY_NAMES)).toBe(true);
    expect(Object.isFrozen(JSON_VALUED_KEYS)).toBe(true);
  });

  it("recognises every documented name", () => {
    for (const name of SECRET_KEY_NAMES) {
      expect(isSecretKeyName(name)).toBe(true);
    }
  });

  it("is case-sensitive", () => {
    expect(isSecretKeyName("secrettoken")).toBe(false);
    expect(isSecretKeyName("SECRETTOKEN")).toBe(false);
    expect(isSecretKeyName("Baseaddress")).toBe(false);
  });

  it("rejects names inherited from Object.prototype and the empty name", () => {
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", ""]) {
      expect(isSecretKeyName(name)).toBe(false);
      expect(isJsonValuedKey(name)).toBe(false);
    }
  });
});

describe("JSON-valued keys", () => {
  it("are exactly AppKey, Domain and SyncNotificationSettings", () => {
    expect(JSON_VALUED_KEYS).toEqual(["AppKey", "Domain", "SyncNotificationSettings"]);
    expect(SECRET_KEY_NAMES.filter(isJsonValuedKey)).toEqual(["AppKey", "Domain", "SyncNotificationSettings"]);
  });

  it("are matched case-sensitively", () => {
    expect(isJsonValuedKey("syncnotificationsettings")).toBe(false);
    expect(isJsonValuedKey("domain")).toBe(false);
  });

  it("are cleared with an empty JSON object, every other key with an empty string", () => {
    expect(clearedValueFor("SyncNotificationSettings")).toBe("{}");
    expect(clearedValueFor("Domain")).toBe("{}");
    expect(clearedValueFor("AppKey")).toBe("{}");
    expect(clearedValueFor("SecretToken")).toBe("");
    expect(clearedValueFor("BaseAddress")).toBe("");
    expect(clearedValueFor("SyncAll")).toBe("");
  });
});

describe("suggestSecretKey", () => {
  it("suggests the documented spelling for a case-only difference", () => {
    expect(suggestSecretKey("secrettoken")).toBe("SecretToken");
    expect(suggestSecretKey("BASEADDRESS")).toBe("BaseAddress");
    expect(suggestSecretKey("OAuth2ClientSecret")).toBe("Oauth2ClientSecret");
    expect(suggestSecretKey("syncAgentAdContainer")).toBe("SyncAgentADContainer");
  });

  it("suggests the closest name for a typo", () => {
    expect(suggestSecretKey("SecretTokn")).toBe("SecretToken");
    expect(suggestSecretKey("BaseAdress")).toBe("BaseAddress");
    expect(suggestSecretKey("SyncNotificationSetting")).toBe("SyncNotificationSettings");
    expect(suggestSecretKey("Oauth2ClientSecert")).toBe("Oauth2ClientSecret");
    expect(suggestSecretKey("Passwrod")).toBe("Password");
    expect(suggestSecretKey("UserNmae")).toBe("UserName");
  });

  it("combines a case difference and a typo", () => {
    expect(suggestSecretKey("secrettokn")).toBe("SecretToken");
    expect(suggestSecretKey("baseadress")).toBe("BaseAddress");
  });

  it("tolerates only one edit in a short name", () => {
    expect(suggestSecretKey("Uri")).toBe("Url");
    expect(suggestSecretKey("Urx1")).toBeUndefined();
    expect(suggestSecretKey("Non")).toBe("None");
  });

  it("suggests nothing when nothing is close", () => {
    expect(suggestSecretKey("Token")).toBeUndefined();
    expect(suggestSecretKey("TenantUrl")).toBeUndefined();
    expect(suggestSecretKey("")).toBeUndefined();
    expect(suggestSecretKey("completely-unrelated")).toBeUndefined();
  });

  it("suggests nothing for a name that is already documented", () => {
    expect(suggestSecretKey("SecretToken")).toBeUndefined();
    expect(suggestSecretKey("Url")).toBeUndefined();
  });

  it("answers quickly for a huge name", () => {
    const started = performance.now();
    expect(suggestSecretKey("SecretToken".repeat(100_000))).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(200);
  });

  it("only ever suggests documented names", () => {
    for (const typo of ["Sandbx", "Servr", "Domian", "AppKye", "SyncAl", "Pasword", "ConectionString"]) {
      const suggestion = suggestSecretKey(typo);
      expect(suggestion).toBeDefined();
      expect(isSecretKeyName(suggestion ?? "")).toBe(true);
    }
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
