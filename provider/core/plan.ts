import { DEFAULTS } from "../defaults";
import { clearedValueFor, isJsonValuedKey, sameWireValue, sortedSecrets } from "./keys";
import { normalizeServicePrincipalId } from "./ids";
import type { CheckedState, DeclaredSecrets, SecretPair, SynchronizationSecretsState } from "./state";
import { isUnknown } from "./unknown";

/** One PUT's worth of work. */
export interface WritePlan {
  /** The body's `value` array, sorted by key; empty when nothing needs writing (then no PUT is sent). */ pairs: SecretPair[];
  /** The removed keys that are JSON-valued, sorted: Graph keeps them as `"{}"`, which the user is told. */ clearedJsonKeys: string[];
}

/** Pulumi's `diff` of stored outputs and checked inputs (never checked again); older outputs may hold `/servicePrincipals/{id}`. */
export function diffState(olds: SynchronizationSecretsState, news: CheckedState): { changes: boolean; replaces: string[] } {
  const oldId = normalizeServicePrincipalId(olds.servicePrincipalId) ?? olds.servicePrincipalId;
  const replaces = isUnknown(news.servicePrincipalId) || news.servicePrincipalId !== oldId ? ["servicePrincipalId"] : [];
  const changes =
    replaces.length > 0 ||
    isUnknown(news.credentials) ||
    secretsDiffer(olds.credentials ?? {}, news.credentials) ||
    news.apiVersion !== (olds.apiVersion ?? DEFAULTS.apiVersion) ||
    validationChanged(olds, news);
  return { changes, replaces };
}

/** Whether the job to validate with changed (or may have, in a preview): then an update tests the credentials again. */
export function validationChanged(olds: Pick<CheckedState, "validateWith">, news: Pick<CheckedState, "validateWith">): boolean {
  return isUnknown(news.validateWith) || news.validateWith !== olds.validateWith;
}

/**
 * The one PUT from `olds` (none: create) to `news`, none when the declared secrets did not change: every declared key, not
 * only the changed ones (so Graph keeps them whether it merges or replaces the set, reference §1.6), and the removed keys cleared.
 */
export function planWrite(olds: DeclaredSecrets | undefined, news: DeclaredSecrets): WritePlan {
  if (olds !== undefined && !secretsDiffer(olds, news)) return { pairs: [], clearedJsonKeys: [] };
  return finish(news, Object.keys(olds ?? {}).filter((key) => !Object.hasOwn(news, key)));
}

/** The one PUT that releases every declared key (delete): each written as its cleared value. */
export const planClear = (olds: DeclaredSecrets): WritePlan => finish({}, Object.keys(olds));

/** The declared pairs and the removed keys with their cleared value, sorted by key as declared secrets are. */
function finish(declared: DeclaredSecrets, removed: string[]): WritePlan {
  const cleared = removed.map((key): [string, string] => [key, clearedValueFor(key)]);
  const pairs = Object.entries(sortedSecrets([...Object.entries(declared), ...cleared])).map(([key, value]) => ({ key, value }));
  return { pairs, clearedJsonKeys: removed.filter(isJsonValuedKey).sort() };
}

function secretsDiffer(olds: DeclaredSecrets, news: DeclaredSecrets): boolean {
  const keys = Object.keys(news);
  return (
    keys.length !== Object.keys(olds).length ||
    keys.some((key) => !Object.hasOwn(olds, key) || isUnknown(news[key]) || !sameWireValue(key, olds[key] ?? "", news[key] ?? ""))
  );
}
