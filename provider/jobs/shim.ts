import { runtimeShim } from "../lifecycle/runtimeShim";

/** The provider stored in every `SynchronizationJob`'s state: `require("pulumi-graph-sync/job-shim")`. @internal */
const synchronizationJobProvider = runtimeShim("pulumi-graph-sync/job-runtime");

export = synchronizationJobProvider;
