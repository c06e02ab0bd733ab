/**
 * The emulator's beliefs about Microsoft Graph that the sources do not settle: each one is a behaviour setting, and
 * each value a reading of Graph (listed with its source in `readings.ts` and the README). The value types live here
 * with the allowed values, so `configure` and the control surface refuse a misspelt reading instead of ignoring it.
 */
import { EmulatorControlError } from "./emulatorControlError";

/** What PUT does to the keys it does not list: `merge` keeps them (upsert by key), `replace` drops them. */
export type PutSemantics = "merge" | "replace";

/** What Graph answers about a service principal that has not replicated yet, with that answer's own body. */
export type ReplicationAnswer =
  | "404-not-found"
  | "400-no-backing-application-object"
  | "403-authorization-denied"
  | "409-concurrency-violation"
  | "401-unknown-error";

/** What `""` does to a JSON-valued key: refused (400), or removes the key as it does a plain key. */
export type JsonEmptyStringEffect = "rejected" | "removes";

/** What `"{}"` does to a JSON-valued key: stored and kept, removes the key, or refused (400). */
export type JsonEmptyObjectEffect = "kept" | "removes" | "rejected";

/** How `""` and `"{}"` act on one JSON-valued key. */
export interface JsonKeyRule {
  readonly emptyString: JsonEmptyStringEffect;
  readonly emptyObject: JsonEmptyObjectEffect;
}

/** Whether GET returns a JSON value as written, or re-serialized (keys sorted, default fields added, compact). */
export type JsonValueOnRead = "as-written" | "normalized";

/**
 * Whether a Graph error answer to a request carrying secret pairs repeats part of it: nothing, one field of a JSON
 * value (`"Recipients":"ops@contoso.com"`), or the first characters of a value.
 */
export type ErrorEcho = "none" | "json-field" | "truncated-value";

/** Whether a request the throttle refuses still takes a token from the bucket. */
export type ThrottledRequestCost = "nothing" | "one-token";

/** The status of a successful PUT: 204 with no body (documented), or 200 with the stored set as GET shows it. */
export type PutSuccessStatus = 204 | 200;

/** Which answer a Graph call without the needed permission gets. */
export type PermissionDeniedAnswer = "401-unknown-error" | "403-authorization-denied";

/** The values each enumerated belief allows, for validation and for the readings list. */
export const BELIEF_VALUES = {
  putSemantics: ["merge", "replace"],
  replicationAnswer: [
    "404-not-found",
    "400-no-backing-application-object",
    "403-authorization-denied",
    "409-concurrency-violation",
    "401-unknown-error",
  ],
  jsonEmptyString: ["rejected", "removes"],
  jsonEmptyObject: ["kept", "removes", "rejected"],
  jsonValueOnRead: ["as-written", "normalized"],
  errorEcho: ["none", "json-field", "truncated-value"],
  throttledRequestCost: ["nothing", "one-token"],
  putSuccessStatus: [204, 200],
  permissionDenied: ["401-unknown-error", "403-authorization-denied"],
  ownedByReadsSecrets: [true, false],
} as const satisfies Record<string, readonly (string | number | boolean)[]>;

/** The name of a belief with an enumerated set of readings. */
export type EnumeratedBelief = keyof typeof BELIEF_VALUES;

/** Throws EmulatorControlError when `value` is not one of the belief's readings (the message lists them). */
export function checkBeliefValue(belief: EnumeratedBelief, value: unknown): void {
  const allowed: readonly unknown[] = BELIEF_VALUES[belief];
  if (!allowed.includes(value)) {
    const listed = allowed.map((item) => JSON.stringify(item)).join(", ");
    throw new EmulatorControlError(`'${belief}' must be one of ${listed}.`);
  }
}

/** Throws EmulatorControlError unless `rule` is a partial JsonKeyRule with allowed values. */
export function checkJsonKeyRule(key: string, rule: unknown): void {
  if (rule === null || typeof rule !== "object" || Array.isArray(rule)) {
    throw new EmulatorControlError(`The JSON key rule of '${key}' must be an object.`);
  }
  for (const [name, value] of Object.entries(rule)) {
    if (name === "emptyString") checkBeliefValue("jsonEmptyString", value);
    else if (name === "emptyObject") checkBeliefValue("jsonEmptyObject", value);
    else throw new EmulatorControlError(`The JSON key rule of '${key}' has an unknown field '${name}'.`);
  }
}
