/** The deepest nesting accepted inside a JSON-valued key; Graph's settings objects are one or two levels deep. */
export const MAX_JSON_DEPTH = 32;

/** What keeps a value from being plain JSON data. */
export type JsonDataProblem = "not-data" | "cycle" | "too-deep" | "inexact-number";

/** Significant digits that every decimal of that length keeps through a binary64 double and back (C's DBL_DIG). */
const EXACT_DIGITS = 15;

/**
 * Whether a number is exactly what was declared: a safe integer, or a decimal of at most 15 significant digits in plain
 * notation. Others (`12345678901234567890`, `0.12345678901234567`) lost digits before the program ran: ask for a string.
 */
export function isExactNumber(value: number): boolean {
  if (Number.isSafeInteger(value)) return true;
  if (!Number.isFinite(value) || Number.isInteger(value)) return false;
  const text = String(value);
  if (text.includes("e")) return false;
  let digits = 0;
  let leading = true;
  for (const character of text) {
    if (character < "0" || character > "9" || (leading && character === "0")) continue;
    leading = false;
    digits += 1;
  }
  return digits <= EXACT_DIGITS;
}

/** Whether `value` is a plain object: `{...}` or `Object.create(null)`, not an array or class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Why `value` is not plain JSON (exact numbers, dense arrays, plain objects), if not; depth is checked first, so no input exhausts the stack. */
export function findJsonDataProblem(value: unknown, depth = 0, ancestors = new Set<object>()): JsonDataProblem | undefined {
  if (typeof value === "string" || typeof value === "boolean" || value === null) return undefined;
  if (typeof value === "number") return !Number.isFinite(value) ? "not-data" : isExactNumber(value) ? undefined : "inexact-number";
  const isArray = Array.isArray(value);
  if (!isArray && !isPlainObject(value)) return "not-data";
  if (depth >= MAX_JSON_DEPTH) return "too-deep";
  if (ancestors.has(value)) return "cycle";
  const children: unknown[] = isArray ? value : Object.values(value);
  if (isArray && children.some((_, index) => !Object.hasOwn(children, index))) return "not-data";
  ancestors.add(value);
  for (const child of children) {
    const problem = findJsonDataProblem(child, depth + 1, ancestors);
    if (problem !== undefined) return problem;
  }
  ancestors.delete(value);
  return undefined;
}

/** JSON text with keys sorted at every depth and no whitespace (no `toJSON`), of plain JSON data: checked inputs or parsed JSON. */
export function canonicalJson(value: unknown): string {
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item: unknown) => canonicalJson(item)).join(",")}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record).sort().map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(",")}}`;
}

/** `text` re-serialized canonically, or `undefined` when it is not JSON (or nests too deep to walk). */
export function canonicalJsonText(text: string): string | undefined {
  try {
    return canonicalJson(JSON.parse(text));
  } catch {
    // JSON.parse errors quote the input, so they are never passed on.
    return undefined;
  }
}

/** The JSON object `text` holds, or `undefined` when it holds anything else or is not JSON. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return isPlainObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
