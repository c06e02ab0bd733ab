import { canonicalJson, canonicalJsonText, parseJsonObject } from "./json";
import { isJsonValuedKey, sameWireValue, sortedSecrets } from "./keys";
import type { DeclaredSecrets, SecretPair } from "./state";

/** What Graph answers in place of a value it does not reveal. */
export const MASKED_VALUE = "*";

/** The result of {@link mergeRefresh}: the refreshed declaration and what changed, key names only. */
export interface RefreshOutcome {
  /** The declared secrets as they are on the service principal now, keys sorted. */ credentials: DeclaredSecrets;
  /** The sorted names of `credentials`. */ keys: string[];
  /** Declared keys whose clear-text value on the server differs from state, sorted. */ drifted: string[];
  /** Declared keys the server no longer has, sorted; they leave state, so the next plan adds them back. */ missing: string[];
}

/**
 * Merges a GET into the stored declaration (`read`), declared keys only; a JSON value that holds every declared field with
 * its value is no change (a service may add defaults when it re-serializes). Last entry wins.
 */
export function mergeRefresh(state: DeclaredSecrets, server: readonly SecretPair[]): RefreshOutcome {
  const onServer = new Map<string, unknown>();
  for (const pair of server) {
    if (typeof pair === "object" && pair !== null && Object.hasOwn(state, pair.key)) onServer.set(pair.key, pair.value);
  }
  const refreshed: Array<[string, string]> = [];
  const drifted: string[] = [];
  const missing: string[] = [];
  for (const [key, declared] of Object.entries(state)) {
    const current = onServer.get(key);
    if (typeof current !== "string" || current === "") {
      missing.push(key);
    } else if (current === MASKED_VALUE || sameWireValue(key, declared, current) || holdsDeclaredFields(key, declared, current)) {
      refreshed.push([key, declared]);
    } else {
      drifted.push(key);
      refreshed.push([key, isJsonValuedKey(key) ? (canonicalJsonText(current) ?? current) : current]);
    }
  }
  const credentials = sortedSecrets(refreshed);
  return { credentials, keys: Object.keys(credentials), drifted: drifted.sort(), missing: missing.sort() };
}

/** Whether a JSON-valued key on the server has every field of the declared object, each with the declared value. */
function holdsDeclaredFields(key: string, declared: string, current: string): boolean {
  if (!isJsonValuedKey(key)) return false;
  const [wanted, actual] = [parseJsonObject(declared), parseJsonObject(current)];
  return (
    wanted !== undefined &&
    actual !== undefined &&
    Object.entries(wanted).every(([field, value]) => Object.hasOwn(actual, field) && canonicalJson(actual[field]) === canonicalJson(value))
  );
}
