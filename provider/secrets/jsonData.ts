import { MAX_JSON_DEPTH } from "./checkReasons";

/** What keeps a value from being plain JSON data, or `undefined` when it is. */
export type JsonDataProblem = "not-data" | "cycle" | "too-deep";

/** Whether `value` is a plain object: `{...}` or `Object.create(null)`, not an array or class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return false;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Why `value` is not plain JSON data (null, booleans, finite numbers, strings, arrays, plain objects), nesting
 * at most {@link MAX_JSON_DEPTH} levels; `undefined` when it is. Arrays must be dense: a hole is not data.
 */
export function findJsonDataProblem(value: unknown): JsonDataProblem | undefined {
  return inspect(value, 0, new Set());
}

function inspect(value: unknown, depth: number, ancestors: Set<object>): JsonDataProblem | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return undefined;
    case "number":
      return Number.isFinite(value) ? undefined : "not-data";
    case "object":
      break;
    default:
      return "not-data";
  }
  if (value === null) {
    return undefined;
  }
  if (depth >= MAX_JSON_DEPTH) {
    return "too-deep";
  }
  if (ancestors.has(value)) {
    return "cycle";
  }
  let children: unknown[];
  if (Array.isArray(value)) {
    const items: unknown[] = value;
    for (let index = 0; index < items.length; index += 1) {
      if (!Object.hasOwn(items, index)) {
        return "not-data";
      }
    }
    children = items;
  } else if (isPlainObject(value)) {
    children = Object.values(value);
  } else {
    return "not-data";
  }
  ancestors.add(value);
  for (const child of children) {
    const problem = inspect(child, depth + 1, ancestors);
    if (problem !== undefined) {
      return problem;
    }
  }
  ancestors.delete(value);
  return undefined;
}
