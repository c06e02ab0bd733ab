import { runtimeShim } from "./lifecycle/runtimeShim";

/** The provider stored in every `SynchronizationSecrets`' state: `require("pulumi-graph-sync/shim")`. @internal */
const synchronizationSecretsProvider = runtimeShim("pulumi-graph-sync/runtime");

export = synchronizationSecretsProvider;
