/**
 * The data shapes of the pure core: what users declare, what the engine stores, what Graph sends and receives.
 */
import type { UnknownValue } from "./unknown";

/** A Microsoft Graph API version that serves `/servicePrincipals/{id}/synchronization/secrets`. */
export type ApiVersion = "v1.0" | "beta";

/**
 * One of the 45 documented `synchronizationSecret` names (Graph resource
 * `synchronizationSecretKeyStringValuePair`, v1.0 and beta alike). Names are case-sensitive.
 */
export type SecretKeyName =
  | "None"
  | "UserName"
  | "Password"
  | "SecretToken"
  | "AppKey"
  | "BaseAddress"
  | "ClientIdentifier"
  | "ClientSecret"
  | "SingleSignOnType"
  | "Sandbox"
  | "Url"
  | "Domain"
  | "ConsumerKey"
  | "ConsumerSecret"
  | "TokenKey"
  | "TokenExpiration"
  | "Oauth2AccessToken"
  | "Oauth2AccessTokenCreationTime"
  | "Oauth2RefreshToken"
  | "SyncAll"
  | "InstanceName"
  | "Oauth2ClientId"
  | "Oauth2ClientSecret"
  | "CompanyId"
  | "UpdateKeyOnSoftDelete"
  | "SynchronizationSchedule"
  | "SystemOfRecord"
  | "SandboxName"
  | "EnforceDomain"
  | "SyncNotificationSettings"
  | "SkipOutOfScopeDeletions"
  | "Oauth2AuthorizationCode"
  | "Oauth2RedirectUri"
  | "ApplicationTemplateIdentifier"
  | "Oauth2TokenExchangeUri"
  | "Oauth2AuthorizationUri"
  | "AuthenticationType"
  | "Server"
  | "PerformInboundEntitlementGrants"
  | "HardDeletesEnabled"
  | "SyncAgentCompatibilityKey"
  | "SyncAgentADContainer"
  | "ValidateDomain"
  | "TestReferences"
  | "ConnectionString";

/** A JSON scalar. */
export type JsonPrimitive = string | number | boolean | null;

/** A JSON object: plain data only (no class instances, no functions). */
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/** A JSON array. */
export type JsonArray = readonly JsonValue[];

/** Any JSON value. */
export type JsonValue = JsonPrimitive | JsonObject | JsonArray;

/**
 * What a user may give for one secret key. Numbers and booleans are sent in their string form; objects are
 * accepted only for JSON-valued keys (see `isJsonValuedKey`), which Graph stores as JSON text.
 */
export type SecretInputValue = string | number | boolean | JsonObject | JsonArray;

/** One entry of the azuread-style list form of `credentials`. */
export interface CredentialEntry {
  /** The secret key name, e.g. `"SecretToken"`. */
  key: string;
  /** The value for that key. */
  value: SecretInputValue;
}

/**
 * The declared secrets as a user writes them: a map (`{ BaseAddress: "...", SecretToken: "..." }`) or the
 * azuread-style list (`[{ key: "BaseAddress", value: "..." }]`).
 */
export type CredentialsInput = Readonly<Record<string, SecretInputValue>> | ReadonlyArray<CredentialEntry>;

/**
 * The declared secrets in canonical form: secret key name -> the exact string sent to Graph, keys in sorted
 * order. JSON-valued keys hold canonical JSON (sorted object keys, no whitespace).
 */
export type DeclaredSecrets = Readonly<Record<string, string>>;

/** One `{ key, value }` pair as Graph sends and receives it. */
export interface SecretPair {
  /** The secret key name. */
  key: string;
  /** The wire value; Graph answers `"*"` for values it masks. */
  value: string;
}

/** What the engine stores for a `SynchronizationSecrets` resource (inputs and outputs alike). */
export interface SynchronizationSecretsState {
  /** The service principal's object id as a lowercase GUID. */
  servicePrincipalId: string;
  /** The declared secrets in canonical form (the lifecycle marks them secret). */
  credentials: DeclaredSecrets;
  /** The sorted names of the declared keys; not secret, so plans can show which keys are managed. */
  keys: string[];
  /** The Graph API version used for every call. */
  apiVersion: ApiVersion;
}

/**
 * Checked inputs during a preview, when some inputs are not known yet. Every property that is known is
 * normalized exactly as in {@link SynchronizationSecretsState}; what is not known is {@link UnknownValue}:
 *
 * - `servicePrincipalId`: the lowercase GUID, or the unknown marker.
 * - `credentials`: the unknown marker when the set of declared keys is not known (the whole map, a list entry
 *   or a list entry's `key` is unknown); otherwise a map whose values are wire strings or, each on its own,
 *   the unknown marker (a value that is, or contains, an unknown).
 * - `keys`: the sorted key names, or the unknown marker exactly when `credentials` is.
 * - `apiVersion`: the version, or the unknown marker.
 *
 * (`string | UnknownValue` reads as `string` to the compiler; the marker is documented, not enforced.)
 */
export interface PartialSynchronizationSecretsState {
  /** The lowercase GUID, or the unknown marker. */
  servicePrincipalId: string;
  /** The canonical map (values may each be the unknown marker), or the unknown marker. */
  credentials: DeclaredSecrets | UnknownValue;
  /** The sorted key names, or the unknown marker. */
  keys: string[] | UnknownValue;
  /** The version, or the unknown marker. */
  apiVersion: ApiVersion | UnknownValue;
}

/** Inputs after `checkInputs`: complete outside a preview, possibly partial during one. */
export type CheckedState = SynchronizationSecretsState | PartialSynchronizationSecretsState;

/** A validation failure, as Pulumi's `check` reports it. The reason never contains a value. */
export interface CheckFailure {
  /** The property path, e.g. `credentials.SecretToken` or `credentials[2].key`. */
  property: string;
  /** Why the input is rejected; names keys and properties but never repeats a value. */
  reason: string;
}
