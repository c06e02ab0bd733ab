import { GraphOperation, GraphOperationEntry, RequestLogEntry } from "../types";

/** Which Graph operations to select from the request log. */
export interface GraphOperationFilter {
  /** Only this service principal's (compared case-insensitively, as GUIDs are). */
  readonly servicePrincipalId?: string;
  /** Only these operations. */
  readonly operations?: readonly GraphOperation[];
}

/** The log's Graph operations that match, in the order they arrived (`startMs`). */
export function selectGraphOperations(
  entries: readonly RequestLogEntry[],
  filter: GraphOperationFilter = {},
): GraphOperationEntry[] {
  const principal = filter.servicePrincipalId?.toLowerCase();
  return entries
    .filter((entry): entry is GraphOperationEntry => entry.operation !== undefined)
    .filter((entry) => principal === undefined || entry.servicePrincipalId?.toLowerCase() === principal)
    .filter((entry) => filter.operations === undefined || filter.operations.includes(entry.operation))
    .sort((a, b) => a.startMs - b.startMs);
}

/**
 * Every pair of entries whose spans overlap: the later one arrived before the earlier one was answered. Empty when
 * the requests were one at a time (each sent after the previous answer came back).
 */
export function overlappingOperations<Entry extends Pick<RequestLogEntry, "startMs" | "endMs">>(
  entries: readonly Entry[],
): Array<[earlier: Entry, later: Entry]> {
  const ordered = [...entries].sort((a, b) => a.startMs - b.startMs);
  const overlaps: Array<[Entry, Entry]> = [];
  ordered.forEach((earlier, index) => {
    for (const later of ordered.slice(index + 1)) {
      if (later.startMs >= earlier.endMs) break;
      overlaps.push([earlier, later]);
    }
  });
  return overlaps;
}
