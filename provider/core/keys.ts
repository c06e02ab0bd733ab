import type { SynchronizationSecretKey } from "../types";
import { canonicalJsonText } from "./json";
import type { DeclaredSecrets } from "./state";

/** The 45 `synchronizationSecret` names, case-sensitive, in the order of the Graph docs (v1.0 and beta alike). */
export const SECRET_KEY_NAMES = Object.freeze([
  "None", "UserName", "Password", "SecretToken", "AppKey", "BaseAddress", "ClientIdentifier", "ClientSecret",
  "SingleSignOnType", "Sandbox", "Url", "Domain", "ConsumerKey", "ConsumerSecret", "TokenKey", "TokenExpiration",
  "Oauth2AccessToken", "Oauth2AccessTokenCreationTime", "Oauth2RefreshToken", "SyncAll", "InstanceName",
  "Oauth2ClientId", "Oauth2ClientSecret", "CompanyId", "UpdateKeyOnSoftDelete", "SynchronizationSchedule",
  "SystemOfRecord", "SandboxName", "EnforceDomain", "SyncNotificationSettings", "SkipOutOfScopeDeletions",
  "Oauth2AuthorizationCode", "Oauth2RedirectUri", "ApplicationTemplateIdentifier", "Oauth2TokenExchangeUri",
  "Oauth2AuthorizationUri", "AuthenticationType", "Server", "PerformInboundEntitlementGrants", "HardDeletesEnabled",
  "SyncAgentCompatibilityKey", "SyncAgentADContainer", "ValidateDomain", "TestReferences", "ConnectionString",
] as const satisfies readonly SynchronizationSecretKey[]);

/** One of the {@link SECRET_KEY_NAMES}: the public `SynchronizationSecretKey` (a type test holds the two equal). */
export type SecretKeyName = (typeof SECRET_KEY_NAMES)[number];

/** The keys the Graph PUT example and the Cloud Sync guide show holding JSON (`"{}"` clears them where `""` removes others). */
export const JSON_VALUED_KEYS: readonly SecretKeyName[] = Object.freeze(["AppKey", "Domain", "SyncNotificationSettings"]);

// Sets, not `name in object`: "constructor" or "__proto__" must never pass for a key name.
const KNOWN_NAMES: ReadonlySet<string> = new Set(SECRET_KEY_NAMES);
const JSON_NAMES: ReadonlySet<string> = new Set(JSON_VALUED_KEYS);
const NAMES_BY_LOWER_CASE: ReadonlyMap<string, SecretKeyName> = new Map(SECRET_KEY_NAMES.map((name) => [name.toLowerCase(), name]));
const LONGEST_NAME = Math.max(...SECRET_KEY_NAMES.map((name) => name.length));
const BOOLEAN_WORD = /^(?:true|false)$/i;

/** Whether `name` is a documented secret key name (case-sensitive). */
export const isSecretKeyName = (name: string): name is SecretKeyName => KNOWN_NAMES.has(name);

/** Whether Graph stores `name`'s value as JSON text (case-sensitive; false for unknown names). */
export const isJsonValuedKey = (name: string): boolean => JSON_NAMES.has(name);

/** The value that removes `key`: `""`, or `"{}"` for JSON-valued keys, which Graph keeps (it refuses `""` for them). */
export const clearedValueFor = (key: string): "" | "{}" => isJsonValuedKey(key) ? "{}" : "";

/** Whether two wire values of `key` mean the same to Graph: equal, as canonical JSON, or a boolean in any case (docs write "True"). */
export function sameWireValue(key: string, a: string, b: string): boolean {
  if (a === b) return true;
  if (isJsonValuedKey(key)) {
    const left = canonicalJsonText(a);
    return left !== undefined && left === canonicalJsonText(b);
  }
  return BOOLEAN_WORD.test(a) && a.toLowerCase() === b.toLowerCase();
}

/** `key X` or `keys X, Y`, for messages: key names are never secret. */
export const keyList = (keys: readonly string[]): string => keys.length === 1 ? `key ${keys[0]}` : `keys ${keys.join(", ")}`;

/** Declared secrets from entries, keys sorted; `Object.fromEntries` defines own properties, so no key reaches a prototype. */
export function sortedSecrets(entries: Iterable<readonly [string, string]>): DeclaredSecrets {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The name a user most likely meant: one differing only in case, else the closest within a length-scaled edit budget. */
export function suggestSecretKey(name: string): SecretKeyName | undefined {
  if (isSecretKeyName(name)) return undefined;
  const lower = name.toLowerCase();
  const sameLetters = NAMES_BY_LOWER_CASE.get(lower);
  // A name this long is farther than any budget from every catalogue name; skip the quadratic work.
  if (sameLetters !== undefined || lower.length > LONGEST_NAME + maxEdits(LONGEST_NAME)) return sameLetters;
  let best: SecretKeyName | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of SECRET_KEY_NAMES) {
    const budget = maxEdits(candidate.length);
    if (Math.abs(candidate.length - lower.length) > budget) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= budget && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** How many edits still count as a near miss of a name this long: short names tolerate fewer. */
const maxEdits = (length: number): number => length <= 4 ? 1 : length <= 10 ? 2 : 3;

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
function editDistance(a: string, b: string): number {
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (beforePrevious[j - 2] ?? 0) + 1);
      }
      current[j] = best;
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}
