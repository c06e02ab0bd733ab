// The auth edge's public surface for the lifecycle. Importing it loads no @azure/identity.
export { createAccessTokenSource, type AccessTokenSource } from "./accessTokenSource";
export type { CloudName, CloudProfile } from "./clouds";
export { CLOUD_PROFILES } from "./clouds";
export {
  type CredentialKind,
  type CredentialPlan,
  type ConsideredCredential,
  type SettingSources,
  describeCredentialPlan,
} from "./credentialPlan";
export { AuthenticationFailedError, AuthenticationFailedErrorName } from "./errors/authenticationFailedError";
export { NoUsableCredentialError, NoUsableCredentialErrorName } from "./errors/noUsableCredentialError";
export { OidcTokenRequestError, OidcTokenRequestErrorName } from "./errors/oidcTokenRequestError";
export { SettingsError, SettingsErrorName } from "./errors/settingsError";
export { redactText } from "./redaction";
export { type ApiVersion, type ConfigSource, type ProviderSettings, resolveSettings } from "./settings";
export {
  renderConfigurationTable,
  SETTINGS_CATALOGUE,
  type SettingDefinition,
  type SettingName,
} from "./settingsCatalogue";
