/**
 * The marker Pulumi passes for a value that is not known yet (during a preview), at any depth and in place of
 * any type (`rpc.unknownValue` in the Pulumi SDK).
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The type of {@link UNKNOWN_VALUE}. */
export type UnknownValue = typeof UNKNOWN_VALUE;

/** Whether `value` is the unknown marker itself. */
export function isUnknown(value: unknown): value is UnknownValue {
  return value === UNKNOWN_VALUE;
}

/**
 * Whether the unknown marker appears anywhere in `value` (itself, an element, a property value or a key). Cycles are
 * tolerated and the walk never throws: an object that cannot be inspected counts as holding no marker.
 */
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
