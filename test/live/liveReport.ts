import { EMULATOR_READINGS } from "../emulator";
import type { Finding } from "./secretProbes";

/** One line of the report: a question, what the tenant did, and the emulator setting and reading that match it. */
export interface ReportRow extends Finding {
  /** The emulator setting that behaves as the tenant did, e.g. `putSemantics: "merge"`; absent when not established. */
  readonly setting?: string;
  /** The reading of `EMULATOR_READINGS` with that setting; absent when none has it (then the emulator needs one). */
  readonly reading?: string;
}

/** The live check's outcome. */
export interface LiveReport {
  readonly servicePrincipalId: string;
  readonly rows: readonly ReportRow[];
  /** Keys the check wrote and cleared again, and keys it could not clear (each holding a value it wrote). */
  readonly restored: { readonly cleared: readonly string[]; readonly left: readonly string[] };
}

/** The reading of a row whose answer every reading of the emulator shares (it is built in, not a setting). */
export const EVERY_READING = "(every reading)";

const sameSetting = (a: unknown, b: unknown): boolean =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && [...a].sort().every((item, index) => item === [...b].sort()[index]) : a === b;

/** The row of a finding: the emulator setting its value is, and the reading that selects it. */
export function reportRow(finding: Finding): ReportRow {
  if (finding.value === undefined) return finding;
  if (finding.belief === "plainEmptyString") {
    // Not a setting: every reading removes a plain key written as "".
    return finding.value === "removes" ? { ...finding, setting: '"" removes a plain key', reading: EVERY_READING } : finding;
  }
  const value = finding.value;
  const shown = Array.isArray(value) && value.length > 6 ? `[${value.length} keys]` : JSON.stringify(value);
  const reading = EMULATOR_READINGS.find((candidate) => candidate.belief === finding.belief && sameSetting(candidate.options[finding.belief as keyof typeof candidate.options], value));
  return { ...finding, setting: `${finding.belief}: ${shown}`, ...(reading && { reading: reading.name }) };
}

/** The reading the report names for a belief, if one. */
export function readingFor(report: LiveReport, belief: string): string | undefined {
  return report.rows.find((row) => row.belief === belief)?.reading;
}

/** The report as text: one block per question, then what was restored. Never a value. */
export function formatReport(report: LiveReport): string {
  const lines = [`Live check of Microsoft Graph synchronization secrets, on service principal ${report.servicePrincipalId}`, ""];
  for (const row of report.rows) {
    const match =
      row.setting === undefined
        ? "not established"
        : row.reading === undefined
          ? `${row.setting}: NO emulator reading matches; the emulator needs one`
          : `${row.reading === EVERY_READING ? "every reading" : `reading ${row.reading}`} (${row.setting})`;
    lines.push(`- ${row.question}`, `    tenant:   ${row.observed}`, `    emulator: ${match}`);
  }
  const { cleared, left } = report.restored;
  lines.push("", `Restored: cleared ${cleared.length} key(s) the check wrote${left.length > 0 ? `; could NOT clear ${left.join(", ")}` : ""}.`);
  return lines.join("\n");
}
