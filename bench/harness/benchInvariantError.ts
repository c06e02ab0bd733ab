/**
 * The benchmark measured something other than what it meant to (a wrong resource count, a missing write, an
 * unexpected request): its figures would be wrong, so it stops instead of reporting them.
 */
export class BenchInvariantError extends Error {
  override readonly name = "BenchInvariantError";

  /**
   * @param what - the operation that broke the invariant, e.g. "ours up at N = 50 (run 2)"
   * @param mismatches - each expectation that failed, as "expected X, saw Y"
   * @param options - the underlying failure, if any
   */
  constructor(
    readonly what: string,
    readonly mismatches: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`the benchmark's own check failed for ${what}: ${mismatches.join("; ")}`, options);
  }
}
