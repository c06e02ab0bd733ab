import { canonicalJsonText } from "./json";
import type { DeclaredSecrets } from "./state";

/**
 * The 45 documented `synchronizationSecret` names (Graph resource `synchronizationSecretKeyStringValuePair`, v1.0 and
 * beta alike), in the order of the Graph docs. Names are case-sensitive.
 */
export const SECRET_KEY_NAMES = Object.freeze([
  "None", "UserName", "Password", "SecretToken", "AppKey", "BaseAddress", "ClientIdentifier", "ClientSecret",
  "SingleSignOnType", "Sandbox", "Url", "Domain", "ConsumerKey", "ConsumerSecret", "TokenKey", "TokenExpiration",
  "Oauth2AccessToken", "Oauth2AccessTokenCreationTime", "Oauth2RefreshToken", "SyncAll", "InstanceName",
  "Oauth2ClientId", "Oauth2ClientSecret", "CompanyId", "UpdateKeyOnSoftDelete", "SynchronizationSchedule",
  "SystemOfRecord", "SandboxName", "EnforceDomain", "SyncNotificationSettings", "SkipOutOfScopeDeletions",
  "Oauth2AuthorizationCode", "Oauth2RedirectUri", "ApplicationTemplateIdentifier", "Oauth2TokenExchangeUri",
  "Oauth2AuthorizationUri", "AuthenticationType", "Server", "PerformInboundEntitlementGrants", "HardDeletesEnabled",
  "SyncAgentCompatibilityKey", "SyncAgentADContainer", "ValidateDomain", "TestReferences", "ConnectionString",
] as const);

/** One of the {@link SECRET_KEY_NAMES}. */
export type SecretKeyName = (typeof SECRET_KEY_NAMES)[number];

/**
 * The keys whose values are JSON text, sorted: exactly the ones the Graph and Entra docs show holding JSON
 * (`SyncNotificationSettings` in the Graph PUT example and the Cloud Sync guide; `Domain` and `AppKey` in the Cloud
 * Sync guide). Calling a plain key JSON-valued would make delete write `"{}"` where `""` removes it.
 */
export const JSON_VALUED_KEYS: readonly SecretKeyName[] = Object.freeze(["AppKey", "Domain", "SyncNotificationSettings"]);

// Sets, not `name in object`: "constructor" or "__proto__" must never pass for a key name.
const KNOWN_NAMES: ReadonlySet<string> = new Set(SECRET_KEY_NAMES);
const JSON_NAMES: ReadonlySet<string> = new Set(JSON_VALUED_KEYS);
const NAMES_BY_LOWER_CASE: ReadonlyMap<string, SecretKeyName> = new Map(SECRET_KEY_NAMES.map((name) => [name.toLowerCase(), name]));
const LONGEST_NAME = Math.max(...SECRET_KEY_NAMES.map((name) => name.length));
const BOOLEAN_WORD = /^(?:true|false)$/i;

/** Whether `name` is a documented secret key name (case-sensitive). */
export function isSecretKeyName(name: string): name is SecretKeyName {
  return KNOWN_NAMES.has(name);
}

/** Whether Graph stores `name`'s value as JSON text (case-sensitive; false for unknown names). */
export function isJsonValuedKey(name: string): boolean {
  return JSON_NAMES.has(name);
}

/**
 * The value that removes `key` from the service principal: `""`, or `"{}"` for JSON-valued keys, which Graph
 * rejects with `""` (400 `InvalidNotificationSettings`) and therefore keeps, emptied.
 */
export function clearedValueFor(key: string): "" | "{}" {
  return isJsonValuedKey(key) ? "{}" : "";
}

/**
 * Whether two wire values of `key` mean the same to Graph: equal strings; for JSON-valued keys, equal canonical JSON;
 * for plain keys, also the same boolean word in another letter case. Microsoft's docs write both `"false"` and
 * `"True"`, so a boolean echoed in the service's own case must not read as drift.
 */
export function sameWireValue(key: string, a: string, b: string): boolean {
  if (a === b) return true;
  if (isJsonValuedKey(key)) {
    const left = canonicalJsonText(a);
    return left !== undefined && left === canonicalJsonText(b);
  }
  return BOOLEAN_WORD.test(a) && a.toLowerCase() === b.toLowerCase();
}

/** Declared secrets from entries, keys sorted; `Object.fromEntries` defines own properties, so no key reaches a prototype. */
export function sortedSecrets(entries: Iterable<readonly [string, string]>): DeclaredSecrets {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The documented name a user most likely meant, or `undefined` when `name` is documented or nothing is close. A
 * case-only difference wins; otherwise the closest name by edit distance (a transposition counts as one edit), within
 * a budget that grows with the name's length.
 */
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
function maxEdits(length: number): number {
  return length <= 4 ? 1 : length <= 10 ? 2 : 3;
}

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
