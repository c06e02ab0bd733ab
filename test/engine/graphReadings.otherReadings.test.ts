import { describeReadingsRun } from "./harness/readingsLifecycle";
import { MATRIX_RUNS } from "./harness/readingsMatrix";

// Issue #12's engine matrix, run 2 of 3: the other reading of every two-way belief (PUT replaces the set, Domain and
// AppKey JSON-valued, "{}" removes, normalized reads, PUT 200, OwnedBy cannot read, 403 denials...), and the 400 and
// 409 answers of a replicating principal.
describeReadingsRun(MATRIX_RUNS[1]!, { ownedByOnly: true });
