/** What Pulumi passes, at any depth and for any type, for a value not known yet in a preview (`rpc.unknownValue`). */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The type of {@link UNKNOWN_VALUE}. */
export type UnknownValue = typeof UNKNOWN_VALUE;

/** Inputs as `check` returns them: complete outside a preview; in one, any property may be the marker. */
export type WithUnknowns<T> = T | { [K in keyof T]: T[K] | UnknownValue };

/** Whether `value` is the unknown marker itself. */
export const isUnknown = (value: unknown): value is UnknownValue => value === UNKNOWN_VALUE;

/** Whether the marker is anywhere in `value` (itself, values, keys); never throws, even on cycles or throwing getters. */
export function containsUnknown(value: unknown): boolean {
  const pending: unknown[] = [value];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const current = pending.pop();
    if (current === UNKNOWN_VALUE) return true;
    if (typeof current !== "object" || current === null || seen.has(current)) continue;
    seen.add(current);
    try {
      for (const key of Object.keys(current)) {
        if (key === UNKNOWN_VALUE) return true;
        pending.push((current as Record<string, unknown>)[key]);
      }
    } catch {
      // An input that cannot be read is rejected by the checker; here it just holds nothing we can see.
    }
  }
  return false;
}
