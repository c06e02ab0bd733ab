import type { BenchTenant } from "../harness/benchTenant";
import { FleetStack, type OperationSample } from "../harness/fleetStack";
import { expectSample, type SampleExpectation } from "../harness/sampleExpectation";
import type { SubjectName } from "../subjects/fleet";
import { SUBJECTS } from "./engineTimings";

/** The resource operations whose requests are counted. */
export type EconomyOperation = "create" | "update" | "refresh" | "delete";

/** The requests one engine operation made, per subject. */
export interface EconomyRow {
  readonly subject: SubjectName;
  readonly operation: EconomyOperation;
  /** Resources the operation acted on. */
  readonly size: number;
  /** Graph requests by `"<METHOD> <status>"`. */
  readonly graphRequests: Readonly<Record<string, number>>;
  /** Every Graph request divided by the resources: the figure with a target of 1 for writes. */
  readonly graphRequestsPerResource: number;
  /** Token requests in the whole run. */
  readonly tokenRequests: number;
  /** Every identity request in the whole run: the token requests plus the authority's metadata. */
  readonly identityRequests: number;
}

/**
 * Counts the requests of a create, an update (every value changed), a refresh and a delete of `size` resources, for
 * ours and for the floor. Counts, not timings: one run each, since they do not vary from run to run. The requests
 * are reported as measured; the checks here are only that each operation acted on every resource.
 */
export async function measureRequestEconomy(
  tenant: BenchTenant,
  size: number,
  progress: (line: string) => void,
): Promise<{ rows: EconomyRow[]; samples: OperationSample[] }> {
  const rows: EconomyRow[] = [];
  const samples: OperationSample[] = [];
  for (const subject of SUBJECTS) {
    const stack = await FleetStack.create(tenant, tenant.newFleet(subject, size));
    try {
      const record = async (operation: EconomyOperation, run: () => Promise<OperationSample>, expected: SampleExpectation) => {
        const sample = await run();
        expectSample(sample, expected, `${subject} ${operation} of ${size} resources`);
        samples.push(sample);
        rows.push(rowOf(subject, operation, sample));
        progress(`request economy: ${subject} ${operation}: ${sample.traffic.graphRequestsTotal} Graph requests, ${sample.traffic.tokenRequests} token requests`);
      };
      await record("create", () => stack.run("up"), { changes: { create: size + 1 }, principalsWritten: size, resourcesInState: size });
      stack.fleet.revise();
      await record("update", () => stack.run("up"), { changes: { update: size, same: 1 }, principalsWritten: size, resourcesInState: size });
      await record("refresh", () => stack.run("refresh"), { changes: { same: size + 1 }, principalsWritten: size, resourcesInState: size });
      await record("delete", () => stack.run("destroy"), { changes: { delete: size + 1 }, principalsCleared: size, resourcesInState: 0 });
    } finally {
      await stack.dispose();
    }
  }
  return { rows, samples };
}

function rowOf(subject: SubjectName, operation: EconomyOperation, sample: OperationSample): EconomyRow {
  return {
    subject,
    operation,
    size: sample.size,
    graphRequests: sample.traffic.graphRequests,
    graphRequestsPerResource: sample.traffic.graphRequestsTotal / sample.size,
    tokenRequests: sample.traffic.tokenRequests,
    identityRequests: sample.traffic.identityRequests,
  };
}
