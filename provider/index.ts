export { SynchronizationSecrets } from "./synchronizationSecrets";
export { SynchronizationJob } from "./jobs/synchronizationJob";
export type {
  AppKeySetting, CredentialsInput, CredentialsWithUnknownKeysInput, DomainSetting, GraphApiVersion, JsonValue, SecretPairInput,
  SecretsByKey, SecretValueInput, SecretValueOf, SyncNotificationSettings, SynchronizationJobReference, SynchronizationSecretKey,
  SynchronizationSecretsArgs, SynchronizationSecretsArgsWithUnknownKeys,
} from "./types";
export type { SynchronizationJobArgs, SynchronizationJobResetScope } from "./jobs/types";
