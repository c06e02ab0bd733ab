export {
  SynchronizationSecrets,
  type CredentialsInput,
  type GraphApiVersion,
  type JsonValue,
  type SecretPairInput,
  type SecretValueInput,
  type SynchronizationSecretsArgs,
} from "./synchronizationSecrets";
