export { SynchronizationSecrets } from "./synchronizationSecrets";
export type {
  AppKeySetting, CredentialsInput, CredentialsWithUnknownKeysInput, DomainSetting, GraphApiVersion, JsonValue, SecretPairInput,
  SecretsByKey, SecretValueInput, SecretValueOf, SyncNotificationSettings, SynchronizationSecretKey, SynchronizationSecretsArgs,
  SynchronizationSecretsArgsWithUnknownKeys,
} from "./types";
