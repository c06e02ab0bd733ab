/**
 * The 45 documented `synchronizationSecret` key names (Graph resource `synchronizationSecretKeyStringValuePair`,
 * v1.0 and beta), in the order the documentation lists them. The emulator answers GET in this order.
 */
export const SECRET_KEY_NAMES: readonly string[] = [
  "None", "UserName", "Password", "SecretToken", "AppKey", "BaseAddress", "ClientIdentifier", "ClientSecret",
  "SingleSignOnType", "Sandbox", "Url", "Domain", "ConsumerKey", "ConsumerSecret", "TokenKey", "TokenExpiration",
  "Oauth2AccessToken", "Oauth2AccessTokenCreationTime", "Oauth2RefreshToken", "SyncAll", "InstanceName",
  "Oauth2ClientId", "Oauth2ClientSecret", "CompanyId", "UpdateKeyOnSoftDelete", "SynchronizationSchedule",
  "SystemOfRecord", "SandboxName", "EnforceDomain", "SyncNotificationSettings", "SkipOutOfScopeDeletions",
  "Oauth2AuthorizationCode", "Oauth2RedirectUri", "ApplicationTemplateIdentifier", "Oauth2TokenExchangeUri",
  "Oauth2AuthorizationUri", "AuthenticationType", "Server", "PerformInboundEntitlementGrants", "HardDeletesEnabled",
  "SyncAgentCompatibilityKey", "SyncAgentADContainer", "ValidateDomain", "TestReferences", "ConnectionString",
];

/**
 * Keys whose value GET answers as `"*"`. Password and SecretToken are observed masked; ClientSecret is required by
 * the issue. The rest are assumed: each names a credential that grants access on its own (a secret, a token, an
 * authorization code, or a connection string that embeds a password), which a service that masks Password would
 * mask too. AppKey is left in clear because Cloud Sync documents it as a scenario selector, not a secret.
 */
export const DEFAULT_MASKED_KEYS: readonly string[] = [
  "Password", "SecretToken", "ClientSecret", "ConsumerSecret", "TokenKey", "Oauth2AccessToken",
  "Oauth2RefreshToken", "Oauth2ClientSecret", "Oauth2AuthorizationCode", "ConnectionString",
];

/**
 * Keys whose value is a JSON document the synchronization service parses. Only SyncNotificationSettings is observed
 * to reject `""` (msgraph-metadata#347), so only it is in the default set.
 */
export const DEFAULT_JSON_VALUED_KEYS: readonly string[] = ["SyncNotificationSettings"];

/** The inner error code the service puts in `message` when a JSON-valued key's value is rejected. */
export function invalidJsonValueCode(key: string): string {
  return key === "SyncNotificationSettings" ? "InvalidNotificationSettings" : `Invalid${key}`;
}
