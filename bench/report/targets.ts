/** The targets, in one place for the report. Timings are never asserted in the test suite. */
export const TARGETS = {
  /** The stack size the engine-floor ratios are judged at. */
  ratioSize: 200,
  /** Ours / floor, median wall-clock time. */
  upRatio: 1.1,
  previewRatio: 1.05,
  destroyRatio: 1.1,
  /** Graph requests per resource for a create, an update and a delete. */
  requestsPerWrite: 1,
  /** Token requests per engine run. */
  tokenRequestsPerRun: 1,
  /** Bytes of the serialized provider in each resource's state. */
  providerBytes: 1024,
  /** Resources not written in the throttled run. */
  throttledFailures: 0,
  /** Throttled write time / the bucket's theoretical minimum. */
  throttledRatio: 1.2,
  /**
   * "Flat" cost per resource: ours' marginal `up` cost per resource over the largest step in N, divided by that
   * over the first step beyond N = 1, at most this.
   */
  growthRatio: 1.25,
} as const;
