/** What Pulumi passes, at any depth and for any type, for a value not known yet in a preview (`rpc.unknownValue`). */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The type of {@link UNKNOWN_VALUE}. */
export type UnknownValue = typeof UNKNOWN_VALUE;

/** Inputs as `check` returns them: complete outside a preview; in one, any property may be the marker. */
export type WithUnknowns<T> = T | { [K in keyof T]: T[K] | UnknownValue };

/** Whether `value` is the unknown marker itself. */
export const isUnknown = (value: unknown): value is UnknownValue => value === UNKNOWN_VALUE;

/** Whether the marker is anywhere in checked data (itself, values, keys): the checker refused cycles, depth and unreadable values. */
export function containsUnknown(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return value === UNKNOWN_VALUE;
  return Object.entries(value).some(([key, item]) => key === UNKNOWN_VALUE || containsUnknown(item));
}
