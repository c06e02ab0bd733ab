import { describeMatrixCoverage, describeReadingsRun } from "./harness/readingsLifecycle";
import { MATRIX_RUNS } from "./harness/readingsMatrix";

// Issue #12's engine matrix, run 1 of 3 (a file each, so two run side by side): every default reading, the 404 and
// 403 answers of a replicating principal, a proxy's HTML 404 on refresh, and reads with Application.ReadWrite.OwnedBy.
describeMatrixCoverage();
describeReadingsRun(MATRIX_RUNS[0]!, { proxyNotFound: true, ownedByOnly: true });
