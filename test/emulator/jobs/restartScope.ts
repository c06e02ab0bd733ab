/** The documented values of `synchronizationJobRestartCriteria.resetScope` (a comma-separated combination). */
export const RESET_SCOPE_VALUES: readonly string[] = [
  "None", "ConnectorDataStore", "Escrows", "Watermark", "QuarantineState", "Full", "ForceDeletes",
];

/** A parsed `resetScope`: its values, or the first value that is not one. */
export type ParsedResetScope =
  | { readonly valid: true; readonly values: readonly string[] }
  | { readonly valid: false; readonly unknown: string };

/** Parses `resetScope`: comma-separated documented names (case as documented), blanks ignored; `""` is allowed. */
export function parseResetScope(text: string): ParsedResetScope {
  const values = text.split(",").map((part) => part.trim()).filter((part) => part !== "");
  const unknown = values.find((value) => !RESET_SCOPE_VALUES.includes(value));
  return unknown === undefined ? { valid: true, values } : { valid: false, unknown };
}

/**
 * Whether a restart with this scope lifts a quarantine: `QuarantineState` or `Full` say so, and an empty scope is
 * documented as the portal's "Restart provisioning" (QuarantineState, Watermark and Escrows).
 */
export function liftsQuarantine(values: readonly string[]): boolean {
  return values.length === 0 || values.includes("QuarantineState") || values.includes("Full");
}
