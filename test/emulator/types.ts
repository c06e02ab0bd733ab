/** The Graph application permissions the emulator knows how to check. */
export type GraphAppRole =
  | "Synchronization.ReadWrite.All"
  | "Synchronization.Read.All"
  | "Application.ReadWrite.OwnedBy"
  | (string & {});

/** A federated identity credential on an app registration. */
export interface FederatedCredential {
  /** The `iss` an assertion must carry, e.g. `emulator.githubActions.issuer`. */
  readonly issuer: string;
  /** The `sub` an assertion must carry, e.g. `repo:contoso/infra:ref:refs/heads/main`. */
  readonly subject: string;
  /** The `aud` an assertion must carry. Default: the federated audience of the emulator's cloud. */
  readonly audience?: string;
}

/** What `registerApp` takes. With no credential at all, a client secret is generated. */
export interface AppRegistrationSpec {
  /** Application (client) id. Default: a random GUID. */
  readonly clientId?: string;
  /** A client secret the app may authenticate with. */
  readonly clientSecret?: string;
  /** A PEM certificate (public part) the app may sign client assertions with. */
  readonly certificatePem?: string;
  /** Federated identity credentials (workload identity federation). */
  readonly federatedCredentials?: readonly FederatedCredential[];
  /** Granted application permissions (the `roles` claim of its tokens). */
  readonly roles?: readonly GraphAppRole[];
  /** When true the app is a user-assigned managed identity: the managed-identity endpoint issues for `client_id`. */
  readonly managedIdentity?: boolean;
}

/** An app registration as the emulator holds it. */
export interface RegisteredApp {
  readonly clientId: string;
  /** Object id of the app's own service principal in the tenant (the `oid` of its tokens). */
  readonly servicePrincipalId: string;
  readonly clientSecret?: string;
  readonly certificatePem?: string;
  readonly federatedCredentials: readonly Required<FederatedCredential>[];
  readonly roles: readonly GraphAppRole[];
  readonly managedIdentity: boolean;
}

/** What `createServicePrincipal` takes. */
export interface ServicePrincipalSpec {
  /** Object id. Default: a random GUID. */
  readonly id?: string;
  /** Client ids of the apps that own this service principal (for `Application.ReadWrite.OwnedBy`). */
  readonly owners?: readonly string[];
  /** Graph answers 404 for this long after creation, as a replica that has not caught up does. */
  readonly replicationDelayMs?: number;
}

/**
 * Which requests a fault applies to: `graph` (`/v1.0`, `/beta`), `identity` (Entra metadata, keys and token
 * endpoint, the managed-identity endpoint, the CI OIDC endpoints), or `any`.
 */
export type TrafficSurface = "graph" | "identity" | "any";

/** A fault served to the next `count` requests that match. */
export interface FaultSpec {
  /** HTTP method to match (case-insensitive). Default: any. */
  readonly method?: string;
  /** A substring the request path (with query) must contain. Default: any. */
  readonly pathIncludes?: string;
  /** Which endpoints it applies to. Default "graph". */
  readonly surface?: TrafficSurface;
  /** How many matching requests get the fault. Default 1. */
  readonly count?: number;
  /**
   * - `status`: answer `status` (default 503) with a Graph-shaped error (Entra-shaped on the identity surface);
   * - `reset`: destroy the connection without an answer;
   * - `hang`: never answer (until the client gives up, `delayMs` passes, or the emulator closes);
   * - `slow`: wait `delayMs` (default 2000) then serve the request normally.
   */
  readonly kind: "status" | "reset" | "hang" | "slow";
  readonly status?: number;
  /** Sent as `Retry-After` verbatim with a `status` fault (e.g. "2", "0.5"); omitted when undefined. */
  readonly retryAfter?: string;
  /** `slow`: the delay; `hang`: when to drop the connection (default: never). */
  readonly delayMs?: number;
}

/** A token bucket per app and tenant. */
export interface ThrottleSettings {
  /** Tokens the bucket holds when full; each request takes one. */
  readonly capacity: number;
  /** Tokens added per second. */
  readonly refillPerSecond: number;
  /** Which Graph requests draw from the bucket: writes only (default, like Graph's write quotas) or all. */
  readonly applies?: "writes" | "all";
  /** `Retry-After` as fractional seconds with millisecond precision (default) or whole seconds rounded up. */
  readonly retryAfterFormat?: "fractional" | "integer";
}

/** Which answer a Graph call without the needed permission gets. */
export type PermissionDeniedAnswer = "401-unknown-error" | "403-authorization-denied";

/** One request the emulator served. Never a body, never the Authorization header. */
export interface RequestLogEntry {
  /** ISO time the request arrived. */
  readonly time: string;
  readonly surface: "graph" | "identity" | "other";
  readonly method: string;
  /** Path and query (query values of credential-like parameters redacted). */
  readonly path: string;
  /** Status sent, or 0 when a `reset`/`hang` fault answered nothing. */
  readonly status: number;
  /** The fault served, if any. */
  readonly fault?: FaultSpec["kind"];
  /** `client-request-id` (or MSAL's `x-ms-client-request-id` / `client-request-id` query), when sent. */
  readonly clientRequestId?: string;
  /** The `Retry-Attempt` header, when sent. */
  readonly retryAttempt?: string;
  /** The `request-id` the emulator answered with. */
  readonly requestId: string;
  readonly durationMs: number;
}

/** The token flows counted separately. */
export type TokenFlow =
  | "clientSecret"
  | "clientCertificate"
  | "federatedAssertion"
  | "managedIdentity"
  | "githubActionsOidc"
  | "azurePipelinesOidc"
  | "invalid";

/** Request counters since start or the last reset. */
export interface EmulatorCounters {
  /** Token requests per flow, successful or not. */
  readonly tokenRequests: Readonly<Record<TokenFlow, number>>;
  /** Graph requests per `"<METHOD> <status>"` (e.g. "PUT 204", "GET 429", "PUT 0" for reset/hang). */
  readonly graphRequests: Readonly<Record<string, number>>;
  readonly graphRequestsTotal: number;
}
