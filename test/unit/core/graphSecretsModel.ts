// A model of what Microsoft Graph does with a service principal's synchronization secrets, written from the statements
// of the reference (../shared/reference/graph-synchronization-api.md §1.2, §1.3, §1.6, §1.7) and from the readings the
// emulator takes where the reference is silent. It imports nothing from provider/: a property that compares the
// provider with this model compares it with what Graph is believed to do, not with itself.
import fc from "fast-check";

/** One reading of each belief the model depends on (the emulator's settings of the same names). */
export interface GraphReading {
  /** §1.6: PUT upserts the listed keys (merge), or the set becomes the listed keys (replace, the literal reading). */
  readonly putSemantics: "merge" | "replace";
  /** §1.3, §1.6: which keys must hold a JSON object (SyncNotificationSettings observed; Domain and AppKey inferred). */
  readonly jsonValuedKeys: readonly string[];
  /** §1.6: `""` on a JSON-valued key is refused (observed), or removes it. */
  readonly jsonEmptyString: "rejected" | "removes";
  /** §1.6: `"{}"` on a JSON-valued key is stored (observed), removes it, or is refused. */
  readonly jsonEmptyObject: "kept" | "removes" | "rejected";
  /** §1.7: keys GET answers as `"*"`. */
  readonly maskedKeys: readonly string[];
  /** GET returns a JSON value as written, or re-serialized with its fields reordered and defaults added. */
  readonly jsonValueOnRead: "as-written" | "normalized";
}

// §1.5, written out here rather than imported, so the model does not lean on the provider's catalogue either.
const ALL_SECRET_KEY_NAMES = (
  "None UserName Password SecretToken AppKey BaseAddress ClientIdentifier ClientSecret SingleSignOnType Sandbox Url " +
  "Domain ConsumerKey ConsumerSecret TokenKey TokenExpiration Oauth2AccessToken Oauth2AccessTokenCreationTime " +
  "Oauth2RefreshToken SyncAll InstanceName Oauth2ClientId Oauth2ClientSecret CompanyId UpdateKeyOnSoftDelete " +
  "SynchronizationSchedule SystemOfRecord SandboxName EnforceDomain SyncNotificationSettings SkipOutOfScopeDeletions " +
  "Oauth2AuthorizationCode Oauth2RedirectUri ApplicationTemplateIdentifier Oauth2TokenExchangeUri Oauth2AuthorizationUri " +
  "AuthenticationType Server PerformInboundEntitlementGrants HardDeletesEnabled SyncAgentCompatibilityKey " +
  "SyncAgentADContainer ValidateDomain TestReferences ConnectionString"
).split(" ");

/** Every reading combination the properties draw from. */
export const graphReadings: fc.Arbitrary<GraphReading> = fc.record({
  putSemantics: fc.constantFrom("merge" as const, "replace" as const),
  jsonValuedKeys: fc.constantFrom(["SyncNotificationSettings"], ["SyncNotificationSettings", "Domain", "AppKey"]),
  jsonEmptyString: fc.constantFrom("rejected" as const, "removes" as const),
  jsonEmptyObject: fc.constantFrom("kept" as const, "removes" as const, "rejected" as const),
  maskedKeys: fc.constantFrom(["Password", "SecretToken"], ["Password", "SecretToken", "ClientSecret", "Oauth2ClientSecret"], ALL_SECRET_KEY_NAMES),
  jsonValueOnRead: fc.constantFrom("as-written" as const, "normalized" as const),
});

/** Fields a normalizing GET puts first, with the defaults it adds (the Cloud Sync guide's four; the rest assumed). */
const NORMALIZED_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  SyncNotificationSettings: { Enabled: false, Recipients: "", DeleteThresholdEnabled: false, DeleteThresholdValue: 500 },
};

/** The outcome of a PUT: stored, or refused as a whole (400; §1.3), leaving the set as it was. */
export type PutOutcome = "stored" | "refused";

/** One service principal's secrets as Graph holds them, under one reading. */
export class GraphSecretsModel {
  readonly stored = new Map<string, string>();

  constructor(readonly reading: GraphReading) {}

  /** PUT `{"value": pairs}`: validated as a whole, then merged into or replacing the set. */
  put(pairs: ReadonlyArray<{ key: string; value: string }>): PutOutcome {
    const jsonValued = new Set(this.reading.jsonValuedKeys);
    for (const { key, value } of pairs) {
      if (!jsonValued.has(key)) continue;
      if (value === "" ? this.reading.jsonEmptyString === "rejected" : !isJsonObjectText(value)) return "refused";
      if (isEmptyJsonObjectText(value) && this.reading.jsonEmptyObject === "rejected") return "refused";
    }
    if (this.reading.putSemantics === "replace") this.stored.clear();
    for (const { key, value } of pairs) {
      const removes = value === "" || (jsonValued.has(key) && isEmptyJsonObjectText(value) && this.reading.jsonEmptyObject === "removes");
      if (removes) this.stored.delete(key);
      else this.stored.set(key, value);
    }
    return "stored";
  }

  /** GET: every stored pair, masked keys as `"*"`, JSON values as the reading returns them. */
  get(): Array<{ key: string; value: string }> {
    const masked = new Set(this.reading.maskedKeys);
    return [...this.stored].map(([key, value]) => ({
      key,
      value: masked.has(key) ? "*" : this.reading.jsonValueOnRead === "normalized" ? normalized(key, value) : value,
    }));
  }
}

/** Whether two values of a key mean the same to Graph: equal text, or JSON objects with equal members. */
export function sameMeaning(a: string, b: string): boolean {
  if (a === b) return true;
  const left = parseObject(a);
  const right = parseObject(b);
  return left !== undefined && right !== undefined && jsonEqual(left, right);
}

/** Whether a value is an empty JSON object, however written. */
export function isEmptyJsonObjectText(value: string): boolean {
  const parsed = parseObject(value);
  return parsed !== undefined && Object.keys(parsed).length === 0;
}

function isJsonObjectText(value: string): boolean {
  return parseObject(value) !== undefined;
}

function normalized(key: string, value: string): string {
  const parsed = parseObject(value);
  if (parsed === undefined) return value;
  const defaults = NORMALIZED_DEFAULTS[key] ?? {};
  // Entries, not assignments: a member named "__proto__" stays a member.
  const known = Object.entries(defaults).map(([field, fallback]) => [field, Object.hasOwn(parsed, field) ? parsed[field] : fallback]);
  const others = Object.keys(parsed).sort().filter((field) => !Object.hasOwn(defaults, field)).map((field) => [field, parsed[field]]);
  return JSON.stringify(Object.fromEntries([...known, ...others]));
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  }
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
    const left = Object.keys(a);
    const right = Object.keys(b);
    return (
      left.length === right.length &&
      left.every((key) => Object.hasOwn(b, key) && jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
    );
  }
  return a === b;
}
