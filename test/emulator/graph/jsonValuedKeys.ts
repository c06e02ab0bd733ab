import { JsonKeyRule } from "../beliefs";
import { invalidJsonValueCode } from "../directory/secretCatalogue";
import { EmulatorBehaviour } from "../options";
import { GraphRejection } from "./graphRejection";
import { isPlainObject } from "./putBody";

/**
 * The fields a normalizing GET writes for a JSON-valued key, in the order Microsoft's examples list them, with the
 * defaults it adds when a field is missing (assumed: the Cloud Sync guide shows all four fields of
 * SyncNotificationSettings; the default threshold of 500 is the emulator's choice).
 */
export const NORMALIZED_FIELDS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  SyncNotificationSettings: { Enabled: false, Recipients: "", DeleteThresholdEnabled: false, DeleteThresholdValue: 500 },
  Domain: { domain: undefined },
  AppKey: { appKeyScenario: undefined },
};

/** How `""` and `"{}"` act on this key under the behaviour (its `jsonKeyRules` entry over the general readings). */
export function jsonKeyRule(behaviour: EmulatorBehaviour, key: string): JsonKeyRule {
  return {
    emptyString: behaviour.jsonKeyRules[key]?.emptyString ?? behaviour.jsonEmptyString,
    emptyObject: behaviour.jsonKeyRules[key]?.emptyObject ?? behaviour.jsonEmptyObject,
  };
}

function parsedObject(value: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    return isPlainObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** True for a value that is the empty JSON object (any spacing). */
export function isEmptyJsonObject(value: string): boolean {
  const parsed = parsedObject(value);
  return parsed !== undefined && Object.keys(parsed).length === 0;
}

/**
 * The rejection of a JSON-valued key's value, or undefined when the key takes it: the synchronization service's
 * `Invalid<Key>` error as JSON in `message` (`InvalidNotificationSettings` for SyncNotificationSettings, as observed).
 */
export function jsonValueRejection(key: string, value: string, rule: JsonKeyRule): GraphRejection | undefined {
  const code = invalidJsonValueCode(key);
  if (value === "") {
    if (rule.emptyString === "removes") return undefined;
    return GraphRejection.fromSynchronizationService(400, code, `The value of ${key} is not valid: a JSON object is required.`);
  }
  const parsed = parsedObject(value);
  if (parsed === undefined) {
    return GraphRejection.fromSynchronizationService(400, code, `The value of ${key} is not valid: a JSON object is required.`);
  }
  if (Object.keys(parsed).length === 0 && rule.emptyObject === "rejected") {
    return GraphRejection.fromSynchronizationService(400, code, `The value of ${key} is not valid: required settings are missing.`);
  }
  return undefined;
}

/**
 * A JSON value as a normalizing service would return it: compact, its known fields first in their usual order
 * (missing ones added with their defaults), then any other fields in alphabetical order. A value that is not a JSON
 * object is returned as is.
 */
export function normalizeJsonValue(key: string, value: string): string {
  const parsed = parsedObject(value);
  if (parsed === undefined) return value;
  const known = NORMALIZED_FIELDS[key] ?? {};
  const ordered: Record<string, unknown> = {};
  for (const [field, fallback] of Object.entries(known)) {
    const chosen = field in parsed ? parsed[field] : fallback;
    if (chosen !== undefined) ordered[field] = chosen;
  }
  for (const field of Object.keys(parsed).filter((name) => !(name in known)).sort()) ordered[field] = parsed[field];
  return JSON.stringify(ordered);
}
