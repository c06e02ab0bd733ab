export { SynchronizationSecrets } from "./synchronizationSecrets";
export { SynchronizationJob } from "./jobs/synchronizationJob";
export type {
  CredentialsInput, GraphApiVersion, JsonValue, SecretPairInput, SecretValueInput, SynchronizationJobReference, SynchronizationSecretsArgs,
} from "./types";
export type { SynchronizationJobArgs, SynchronizationJobResetScope } from "./jobs/types";
