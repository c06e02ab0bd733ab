export type {
  ApiVersion,
  CheckedState,
  CheckFailure,
  CredentialEntry,
  CredentialsInput,
  DeclaredSecrets,
  JsonArray,
  JsonObject,
  JsonPrimitive,
  JsonValue,
  PartialSynchronizationSecretsState,
  SecretInputValue,
  SecretKeyName,
  SecretPair,
  SynchronizationSecretsState,
} from "./types";
export {
  clearedValueFor,
  isJsonValuedKey,
  isSecretKeyName,
  JSON_VALUED_KEYS,
  SECRET_KEY_NAMES,
  suggestSecretKey,
} from "./keys";
export { containsUnknown, isUnknown, UNKNOWN_VALUE, type UnknownValue } from "./unknown";
export {
  canonicalJson,
  canonicalJsonText,
  normalizeCredentials,
  normalizeServicePrincipalId,
  parseSecretsResourceId,
  sameWireValue,
  secretsResourceId,
  toWireValue,
} from "./normalize";
export { checkInputs, isKnownState, type CheckOptions, type CheckOutcome } from "./validate";
export { CheckReasons, MAX_JSON_DEPTH } from "./checkReasons";
export { diffSecrets, planClear, planWrite, type SecretsDiff, type WritePlan } from "./plan";
export { MASKED_VALUE, mergeRefresh, type RefreshOutcome } from "./refresh";
export { SecretsInputError, SecretsInputErrorName } from "./secretsInputError";
