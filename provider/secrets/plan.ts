import { clearedValueFor, isJsonValuedKey } from "./keys";
import { normalizeServicePrincipalId, sameWireValue } from "./normalize";
import { SecretsInputError } from "./secretsInputError";
import type { DeclaredSecrets, SecretPair, SynchronizationSecretsState } from "./types";
import { isUnknown, UNKNOWN_VALUE } from "./unknown";
import { checkInputs } from "./validate";

/** The result of {@link diffSecrets}, in the shape Pulumi's `diff` returns (plus which properties differ). */
export interface SecretsDiff {
  /** Whether anything differs, or may differ once unknown inputs are known. */
  changes: boolean;
  /** The properties whose change replaces the resource: `["servicePrincipalId"]` or `[]`. */
  replaces: string[];
  /** The properties that differ or may differ, in the order servicePrincipalId, credentials, apiVersion. */
  changedProperties: string[];
}

/** One PUT's worth of work: the pairs to send and what they do, key names only. */
export interface WritePlan {
  /** The body's `value` array, sorted by key; empty when nothing needs writing (then no PUT is needed). */
  pairs: SecretPair[];
  /** Keys declared now and not before, sorted. */
  added: string[];
  /** Keys declared before and now whose value changed (semantically, for JSON-valued keys), sorted. */
  changed: string[];
  /** Keys no longer declared, written as their cleared value, sorted. */
  removed: string[];
  /**
   * The removed keys that are JSON-valued, sorted. Graph cannot remove them: they stay on the service
   * principal as `"{}"`, which the lifecycle should tell the user.
   */
  clearedJsonKeys: string[];
}

/**
 * Compares the stored outputs with new inputs (Pulumi's `diff`). `news` are checked inputs and may hold unknown
 * values during a preview; they are normalized again, so raw inputs work too. A different service principal
 * (compared as normalized GUIDs, so the two id forms of one principal are equal) replaces the resource; a
 * different key set, value or `apiVersion` updates it; nothing else differs. Unknown parts count as possible
 * changes, and an unknown `servicePrincipalId` as a possible replacement.
 */
export function diffSecrets(olds: SynchronizationSecretsState, news: unknown): SecretsDiff {
  const state = checkInputs(news).state;
  const oldId = normalizeServicePrincipalId(olds.servicePrincipalId) ?? olds.servicePrincipalId;
  const oldApiVersion = olds.apiVersion ?? "v1.0";
  const oldCredentials: DeclaredSecrets = olds.credentials ?? {};
  if (state === undefined) {
    // Unreachable after check; anything invalid is reported as a change so the update surfaces the problem.
    const newId = readServicePrincipalId(news);
    const replaces = newId === oldId ? [] : ["servicePrincipalId"];
    return { changes: true, replaces, changedProperties: [...replaces, "credentials", "apiVersion"] };
  }
  const changedProperties: string[] = [];
  const replaces: string[] = [];
  if (isUnknown(state.servicePrincipalId) || state.servicePrincipalId !== oldId) {
    replaces.push("servicePrincipalId");
    changedProperties.push("servicePrincipalId");
  }
  if (isUnknown(state.credentials) || credentialsDiffer(oldCredentials, state.credentials)) {
    changedProperties.push("credentials");
  }
  if (isUnknown(state.apiVersion) || state.apiVersion !== oldApiVersion) {
    changedProperties.push("apiVersion");
  }
  return { changes: changedProperties.length > 0, replaces, changedProperties };
}

/**
 * The one PUT that moves the service principal from the `olds` declaration to `news`: every added and changed
 * key with its new value, and every key no longer declared with its cleared value (`""`, or `"{}"` for
 * JSON-valued keys). `olds` undefined means create: every declared key is written. Keys that are not declared in
 * either are never touched.
 *
 * @throws SecretsInputError when `news` still holds an unknown value (only previews may, and they never write)
 */
export function planWrite(olds: DeclaredSecrets | undefined, news: DeclaredSecrets): WritePlan {
  const previous: DeclaredSecrets = olds ?? {};
  const pairs: SecretPair[] = [];
  const added: string[] = [];
  const changed: string[] = [];
  for (const [key, value] of Object.entries(news)) {
    if (value === UNKNOWN_VALUE) {
      throw new SecretsInputError(`credentials.${key}`, "is not known yet, so it cannot be written");
    }
    const before = Object.hasOwn(previous, key) ? previous[key] : undefined;
    if (before === undefined) {
      added.push(key);
      pairs.push({ key, value });
    } else if (!sameWireValue(key, before, value)) {
      changed.push(key);
      pairs.push({ key, value });
    }
  }
  const removed = Object.keys(previous).filter((key) => !Object.hasOwn(news, key));
  pairs.push(...removed.map((key) => ({ key, value: clearedValueFor(key) })));
  return finishPlan({ pairs, added, changed, removed });
}

/** The one PUT that releases every key in `olds` (delete): each written as its cleared value. */
export function planClear(olds: DeclaredSecrets): WritePlan {
  const removed = Object.keys(olds);
  const pairs = removed.map((key) => ({ key, value: clearedValueFor(key) }));
  return finishPlan({ pairs, added: [], changed: [], removed });
}

function finishPlan(plan: Omit<WritePlan, "clearedJsonKeys">): WritePlan {
  const removed = [...plan.removed].sort();
  return {
    pairs: [...plan.pairs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    added: [...plan.added].sort(),
    changed: [...plan.changed].sort(),
    removed,
    clearedJsonKeys: removed.filter(isJsonValuedKey),
  };
}

function credentialsDiffer(olds: DeclaredSecrets, news: DeclaredSecrets): boolean {
  const oldKeys = Object.keys(olds);
  const newKeys = Object.keys(news);
  if (oldKeys.length !== newKeys.length || newKeys.some((key) => !Object.hasOwn(olds, key))) {
    return true;
  }
  return newKeys.some((key) => {
    const value = news[key] ?? "";
    return isUnknown(value) || !sameWireValue(key, olds[key] ?? "", value);
  });
}

function readServicePrincipalId(news: unknown): string | undefined {
  if (typeof news !== "object" || news === null || !Object.hasOwn(news, "servicePrincipalId")) {
    return undefined;
  }
  const raw: unknown = (news as Record<string, unknown>)["servicePrincipalId"];
  return typeof raw === "string" ? normalizeServicePrincipalId(raw) : undefined;
}
