import { describeReadingsRun } from "./harness/readingsLifecycle";
import { MATRIX_RUNS } from "./harness/readingsMatrix";

// Issue #12's engine matrix, run 3 of 3: Graph at its least helpful ("{}" refused, every value masked, errors that
// repeat a value's first characters), and the 401 answer of a replicating principal.
describeReadingsRun(MATRIX_RUNS[2]!);
