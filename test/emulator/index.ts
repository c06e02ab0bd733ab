// The emulator's public API: what tests, integration suites, the engine harness and benchmarks import.
export { Emulator, startEmulator } from "./emulator";
export type { AccessTokenSpec, ManagedIdentityInfo } from "./emulator";
export type { EmulatorBehaviour, EmulatorOptions } from "./options";
export { CLOUD_PROFILES } from "./clouds";
export type { CloudName, CloudProfile } from "./clouds";
export { EmulatorControlError } from "./emulatorControlError";
export { createClientCertificate } from "./tls/clientCertificate";
export type { ClientCertificate } from "./tls/clientCertificate";
export { DEFAULT_JSON_VALUED_KEYS, DEFAULT_MASKED_KEYS, SECRET_KEY_NAMES } from "./directory/secretCatalogue";
export type { GitHubActionsOidc } from "./ci/gitHubActionsOidc";
export type { AzurePipelinesOidc } from "./ci/azurePipelinesOidc";
export type * from "./types";
