import type { SecretKeyName } from "./types";

/** How Graph treats a key's value. */
interface SecretKeyTraits {
  /** The value is JSON text that Graph parses; it cannot be removed with `""` and is cleared with `"{}"`. */
  readonly json: boolean;
}

/**
 * The documented catalogue, in the order of the Graph docs. Typed as a record over the union so the compiler
 * fails when a name is missing or misspelled here.
 *
 * JSON-valued keys are exactly the ones the Graph and Entra docs show holding JSON text:
 * `SyncNotificationSettings` (the Graph PUT example and the Cloud Sync guide), `Domain` (`{"domain":"..."}`)
 * and `AppKey` (`{"appKeyScenario":"..."}`), both from the Cloud Sync guide. No public source shows another
 * key holding JSON, and calling a plain key JSON-valued would make delete write `"{}"` where `""` removes it.
 */
const CATALOGUE: Readonly<Record<SecretKeyName, SecretKeyTraits>> = {
  None: { json: false },
  UserName: { json: false },
  Password: { json: false },
  SecretToken: { json: false },
  AppKey: { json: true },
  BaseAddress: { json: false },
  ClientIdentifier: { json: false },
  ClientSecret: { json: false },
  SingleSignOnType: { json: false },
  Sandbox: { json: false },
  Url: { json: false },
  Domain: { json: true },
  ConsumerKey: { json: false },
  ConsumerSecret: { json: false },
  TokenKey: { json: false },
  TokenExpiration: { json: false },
  Oauth2AccessToken: { json: false },
  Oauth2AccessTokenCreationTime: { json: false },
  Oauth2RefreshToken: { json: false },
  SyncAll: { json: false },
  InstanceName: { json: false },
  Oauth2ClientId: { json: false },
  Oauth2ClientSecret: { json: false },
  CompanyId: { json: false },
  UpdateKeyOnSoftDelete: { json: false },
  SynchronizationSchedule: { json: false },
  SystemOfRecord: { json: false },
  SandboxName: { json: false },
  EnforceDomain: { json: false },
  SyncNotificationSettings: { json: true },
  SkipOutOfScopeDeletions: { json: false },
  Oauth2AuthorizationCode: { json: false },
  Oauth2RedirectUri: { json: false },
  ApplicationTemplateIdentifier: { json: false },
  Oauth2TokenExchangeUri: { json: false },
  Oauth2AuthorizationUri: { json: false },
  AuthenticationType: { json: false },
  Server: { json: false },
  PerformInboundEntitlementGrants: { json: false },
  HardDeletesEnabled: { json: false },
  SyncAgentCompatibilityKey: { json: false },
  SyncAgentADContainer: { json: false },
  ValidateDomain: { json: false },
  TestReferences: { json: false },
  ConnectionString: { json: false },
};

/** The 45 documented secret key names, in the order of the Graph docs. */
export const SECRET_KEY_NAMES: readonly SecretKeyName[] = Object.freeze(Object.keys(CATALOGUE) as SecretKeyName[]);

/** The keys whose values are JSON text (see the catalogue for the evidence), sorted. */
export const JSON_VALUED_KEYS: readonly SecretKeyName[] = Object.freeze(
  SECRET_KEY_NAMES.filter((name) => CATALOGUE[name].json).sort(),
);

// Sets, not `name in CATALOGUE`: "constructor" or "__proto__" must never pass for a key name.
const KNOWN_NAMES: ReadonlySet<string> = new Set(SECRET_KEY_NAMES);
const JSON_NAMES: ReadonlySet<string> = new Set(JSON_VALUED_KEYS);
const NAMES_BY_LOWER_CASE: ReadonlyMap<string, SecretKeyName> = new Map(
  SECRET_KEY_NAMES.map((name) => [name.toLowerCase(), name]),
);
const LONGEST_NAME = Math.max(...SECRET_KEY_NAMES.map((name) => name.length));

/** Whether `name` is a documented secret key name (case-sensitive). */
export function isSecretKeyName(name: string): name is SecretKeyName {
  return KNOWN_NAMES.has(name);
}

/** Whether Graph stores `name`'s value as JSON text (case-sensitive; false for unknown names). */
export function isJsonValuedKey(name: string): boolean {
  return JSON_NAMES.has(name);
}

/**
 * The value that removes `key` from the service principal: `""` for plain keys, `"{}"` for JSON-valued keys,
 * which Graph rejects with `""` (400 `InvalidNotificationSettings`) and therefore keeps, emptied.
 */
export function clearedValueFor(key: string): "" | "{}" {
  return isJsonValuedKey(key) ? "{}" : "";
}

/**
 * The documented name a user most likely meant by `name`, or `undefined` when `name` is already documented or
 * nothing is close. A case-only difference always wins; otherwise the closest name by edit distance (adjacent
 * transpositions count as one edit), within a budget that grows with the name's length.
 */
export function suggestSecretKey(name: string): SecretKeyName | undefined {
  if (isSecretKeyName(name)) {
    return undefined;
  }
  const lower = name.toLowerCase();
  const sameLetters = NAMES_BY_LOWER_CASE.get(lower);
  if (sameLetters !== undefined) {
    return sameLetters;
  }
  // A name this long is farther than any budget from every catalogue name; skip the quadratic work.
  if (lower.length > LONGEST_NAME + maxEdits(LONGEST_NAME)) {
    return undefined;
  }
  let best: SecretKeyName | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of SECRET_KEY_NAMES) {
    const budget = maxEdits(candidate.length);
    if (Math.abs(candidate.length - lower.length) > budget) {
      continue;
    }
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
  if (length <= 4) {
    return 1;
  }
  return length <= 10 ? 2 : 3;
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
