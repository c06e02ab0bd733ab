export { SynchronizationSecrets } from "./synchronizationSecrets";
export type { CredentialsInput, GraphApiVersion, JsonValue, SecretPairInput, SecretValueInput, SynchronizationSecretsArgs } from "./types";
