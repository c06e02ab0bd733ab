import { randomBytes } from "node:crypto";
import type { SecretPair } from "../../provider/core/state";
import type { Belief } from "../emulator";
import type { ProbeClient } from "./probeClient";

/** Every value the check writes holds this, so a later run knows the keys it finds as its own. */
export const PROBE_MARK = "graphsync-live-check";

/** The 45 documented key names (reference §1.5). */
export const SECRET_KEYS = (
  "None UserName Password SecretToken AppKey BaseAddress ClientIdentifier ClientSecret SingleSignOnType Sandbox Url Domain " +
  "ConsumerKey ConsumerSecret TokenKey TokenExpiration Oauth2AccessToken Oauth2AccessTokenCreationTime Oauth2RefreshToken " +
  "SyncAll InstanceName Oauth2ClientId Oauth2ClientSecret CompanyId UpdateKeyOnSoftDelete SynchronizationSchedule " +
  "SystemOfRecord SandboxName EnforceDomain SyncNotificationSettings SkipOutOfScopeDeletions Oauth2AuthorizationCode " +
  "Oauth2RedirectUri ApplicationTemplateIdentifier Oauth2TokenExchangeUri Oauth2AuthorizationUri AuthenticationType Server " +
  "PerformInboundEntitlementGrants HardDeletesEnabled SyncAgentCompatibilityKey SyncAgentADContainer ValidateDomain " +
  "TestReferences ConnectionString"
).split(" ");

/** The keys the reference shows holding JSON (§1.5): the candidates of the JSON-valued-keys question. */
export const JSON_CANDIDATES = ["SyncNotificationSettings", "Domain", "AppKey"] as const;

/** What one question established: the emulator setting (belief and value) that matches, or why none was. */
export interface Finding {
  /** The emulator setting the question is about; `plainEmptyString` is what every reading assumes. */
  readonly belief: Belief | "plainEmptyString";
  readonly question: string;
  /** What the tenant did, in words; never a value. */
  readonly observed: string;
  /** The setting's value that matches, when established. */
  readonly value?: unknown;
}

/** What the probes share: the client, the throwaway principal, and the keys written so far (to clear at the end). */
export class ProbeContext {
  readonly written = new Set<string>();
  /** Keys the tenant holds as JSON, once the JSON question has answered; the reference's until then. */
  jsonValued: readonly string[] = [...JSON_CANDIDATES];
  /** Keys the tenant masks, once the masking question has answered. */
  masked: readonly string[] = ["Password", "SecretToken"];

  constructor(
    readonly client: ProbeClient,
    readonly servicePrincipalId: string,
  ) {}

  /** A fresh value: random characters first (so an echo of a value's start is unique), then the mark. */
  value(): string {
    return `${randomBytes(6).toString("hex")}-${PROBE_MARK}`;
  }

  /** A fresh value for `key`: a JSON object for the keys the tenant holds as JSON. */
  valueFor(key: string): string {
    if (!this.jsonValued.includes(key)) return this.value();
    const field = key === "Domain" ? "domain" : key === "AppKey" ? "appKeyScenario" : "Recipients";
    return JSON.stringify({ ...(key === "SyncNotificationSettings" ? { Enabled: false, DeleteThresholdEnabled: false } : {}), [field]: this.value() });
  }

  /** PUTs through the provider; remembers what was written. */
  async put(pairs: readonly SecretPair[]) {
    const refused = await this.client.put(this.servicePrincipalId, pairs);
    if (refused === undefined) for (const pair of pairs) this.written.add(pair.key);
    return refused;
  }

  list(): Promise<Map<string, string>> {
    return this.client.list(this.servicePrincipalId);
  }
}

const refusal = (error: { status: number; code?: string; innerCode?: string }): string =>
  `refused (${[error.status, error.code, error.innerCode].filter(Boolean).join(" ")})`;

/** §1.6: does a PUT keep the keys it does not list (merge), or drop them (replace)? */
export async function putSemantics(context: ProbeContext): Promise<Finding> {
  const question = "Does PUT keep the keys it does not list?";
  const first = await context.put([{ key: "UserName", value: context.value() }]);
  const second = first ?? (await context.put([{ key: "InstanceName", value: context.value() }]));
  if (second !== undefined) return { belief: "putSemantics", question, observed: `a probe write was ${refusal(second)}` };
  const kept = (await context.list()).has("UserName");
  return { belief: "putSemantics", question, observed: kept ? "kept (merged by key)" : "dropped (the set was replaced)", value: kept ? "merge" : "replace" };
}

/** §1.6: does `""` remove a plain key? Every emulator reading assumes it does. */
export async function plainEmptyString(context: ProbeContext): Promise<Finding> {
  const question = 'Does "" remove a plain key?';
  const refused = await context.put([{ key: "InstanceName", value: "" }]);
  if (refused !== undefined) return { belief: "plainEmptyString", question, observed: `"" was ${refusal(refused)}`, value: "refused" };
  const gone = !(await context.list()).has("InstanceName");
  return { belief: "plainEmptyString", question, observed: gone ? "removed" : "stored", value: gone ? "removes" : "stored" };
}

/** §1.3, §1.6: which keys must hold JSON, and what `""` and `"{}"` do to each of them. */
export async function jsonValuedKeys(context: ProbeContext): Promise<Finding[]> {
  const jsonValued: string[] = [];
  const emptyString = new Map<string, string>();
  const emptyObject = new Map<string, string>();
  for (const key of JSON_CANDIDATES) {
    // Plain text: a key Graph holds as JSON refuses it (and one it does not is simply stored, and cleared at the end).
    if ((await context.put([{ key, value: context.value() }])) === undefined) continue;
    jsonValued.push(key);
    const object = () => JSON.stringify({ [key === "Domain" ? "domain" : "probe"]: context.value() });
    if ((await context.put([{ key, value: object() }])) !== undefined) continue;
    const stringRefused = await context.put([{ key, value: "" }]);
    emptyString.set(key, stringRefused !== undefined ? "rejected" : (await context.list()).has(key) ? "stored" : "removes");
    // "{}" is asked of a key that holds a value: written again if "" removed it.
    if (!(await context.list()).has(key) && (await context.put([{ key, value: object() }])) !== undefined) continue;
    const objectRefused = await context.put([{ key, value: "{}" }]);
    emptyObject.set(key, objectRefused !== undefined ? "rejected" : (await context.list()).has(key) ? "kept" : "removes");
  }
  context.jsonValued = jsonValued;
  const byKey = (effects: Map<string, string>) => [...effects].map(([key, effect]) => `${key}: ${effect}`).join(", ") || "no JSON-valued key";
  const agreed = (effects: Map<string, string>) => (new Set(effects.values()).size === 1 ? [...effects.values()][0] : undefined);
  const stringEffect = agreed(emptyString);
  const objectEffect = agreed(emptyObject);
  return [
    {
      belief: "jsonValuedKeys",
      question: "Which keys refuse a value that is not a JSON object?",
      observed: jsonValued.length === 0 ? "none" : jsonValued.join(", "),
      value: jsonValued,
    },
    { belief: "jsonEmptyString", question: 'What does "" do to a JSON-valued key?', observed: byKey(emptyString), ...(stringEffect && { value: stringEffect }) },
    { belief: "jsonEmptyObject", question: 'What does "{}" do to a JSON-valued key?', observed: byKey(emptyObject), ...(objectEffect && { value: objectEffect }) },
  ];
}

/** §1.7: which keys come back as `"*"`? Every key is written once (one PUT, else one per key) and read back. */
export async function maskedKeys(context: ProbeContext): Promise<Finding> {
  const question = 'Which keys does GET answer as "*"?';
  const pairs = SECRET_KEYS.map((key) => ({ key, value: context.valueFor(key) }));
  const refusedKeys: string[] = [];
  if ((await context.put(pairs)) !== undefined) {
    for (const pair of pairs) if ((await context.put([pair])) !== undefined) refusedKeys.push(pair.key);
  }
  const stored = await context.list();
  const masked = SECRET_KEYS.filter((key) => stored.get(key) === "*");
  context.masked = masked;
  const refusedNote = refusedKeys.length > 0 ? `; refused a probe value for ${refusedKeys.join(", ")}` : "";
  const observed = `${masked.length} of ${stored.size} keys masked${masked.length > 0 ? `: ${masked.join(", ")}` : ""}${refusedNote}`;
  return { belief: "maskedKeys", question, observed, ...(refusedKeys.length === 0 && { value: masked }) };
}

/** Does GET return a JSON value as written, or re-serialized? */
export async function jsonValueOnRead(context: ProbeContext): Promise<Finding> {
  const question = "Does GET return a JSON value as written?";
  const key = "SyncNotificationSettings";
  const written = `{ "DeleteThresholdEnabled" : false,  "Enabled": false, "Recipients": "${context.value()}@example.invalid" }`;
  const refused = await context.put([{ key, value: written }]);
  if (refused !== undefined) return { belief: "jsonValueOnRead", question, observed: `the probe value was ${refusal(refused)}` };
  const read = (await context.list()).get(key);
  if (read === "*") return { belief: "jsonValueOnRead", question, observed: "cannot tell: the key is masked" };
  const same = read === written;
  return { belief: "jsonValueOnRead", question, observed: same ? "byte for byte as written" : "re-serialized", value: same ? "as-written" : "normalized" };
}

/** Does an error answer repeat part of the request? A PUT Graph must refuse carries a secret and a JSON field. */
export async function errorEcho(context: ProbeContext): Promise<Finding> {
  const question = "Does an error answer repeat part of the request?";
  const secret = context.value();
  const field = context.value();
  const answer = await context.client.putRaw(context.servicePrincipalId, [
    { key: "SecretToken", value: secret },
    { key: "AppKey", value: JSON.stringify({ appKeyScenario: field }) },
    // Not JSON, for a key every reading and the reference hold as JSON: refused.
    { key: "SyncNotificationSettings", value: context.value() },
  ]);
  if (answer.status < 400) {
    for (const key of ["SecretToken", "AppKey", "SyncNotificationSettings"]) context.written.add(key);
    return { belief: "errorEcho", question, observed: `the PUT meant to be refused was taken (${answer.status})` };
  }
  // Looked for in the body only; the report says which, never what.
  const echo = answer.body.includes(field) ? "json-field" : answer.body.includes(secret.slice(0, 4)) ? "truncated-value" : "none";
  const observed = { "json-field": "repeats a field of a JSON value", "truncated-value": "repeats the start of a value", none: "repeats nothing" }[echo];
  return { belief: "errorEcho", question, observed: `${observed} (${answer.status} ${answer.code ?? ""})`.replace(" )", ")"), value: echo };
}

/** §1.3: the status of a successful PUT. */
export async function putSuccessStatus(context: ProbeContext): Promise<Finding> {
  const question = "What status does a successful PUT answer?";
  const answer = await context.client.putRaw(context.servicePrincipalId, [{ key: "UserName", value: context.value() }]);
  if (answer.status < 300) context.written.add("UserName");
  return { belief: "putSuccessStatus", question, observed: String(answer.status), ...((answer.status === 200 || answer.status === 204) && { value: answer.status }) };
}
