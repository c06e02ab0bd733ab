import { FaultSpec, TrafficSurface } from "../types";

interface PendingFault {
  readonly spec: FaultSpec;
  remaining: number;
}

/** Faults queued by tests, each served to the next N matching requests, oldest first. */
export class FaultInjector {
  readonly #pending: PendingFault[] = [];

  /** Queues a fault. */
  add(spec: FaultSpec): void {
    const count = spec.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new RangeError("A fault's count must be a positive integer.");
    if ((spec.kind === "status" || spec.kind === "html") && spec.status !== undefined && (spec.status < 400 || spec.status > 599)) {
      throw new RangeError(`A ${spec.kind} fault answers 4xx or 5xx.`);
    }
    this.#pending.push({ spec, remaining: count });
  }

  /** Takes the first fault matching the request, or undefined. */
  take(surface: Exclude<TrafficSurface, "any">, method: string, path: string): FaultSpec | undefined {
    const index = this.#pending.findIndex(
      ({ spec }) =>
        ((spec.surface ?? "graph") === "any" || (spec.surface ?? "graph") === surface) &&
        (spec.method === undefined || spec.method.toUpperCase() === method) &&
        (spec.pathIncludes === undefined || path.includes(spec.pathIncludes)),
    );
    const fault = this.#pending[index];
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.#pending.splice(index, 1);
    return fault.spec;
  }

  /** Faults still queued, with how many requests each will still hit. */
  pending(): Array<FaultSpec & { readonly remaining: number }> {
    return this.#pending.map(({ spec, remaining }) => ({ ...spec, remaining }));
  }

  /** Drops every queued fault. */
  clear(): void {
    this.#pending.length = 0;
  }
}
