import type { ReplicationAnswer } from "./beliefs";

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

/**
 * Subject name and issuer (SN+I) trust on an app registration (the manifest's `trustedCertificateSubjects`): a
 * certificate whose subject is `subjectName`, issued by the CA `issuerCertificatePem`, authenticates the app when
 * the assertion carries its chain in the `x5c` header; no thumbprint is registered.
 */
export interface TrustedCertificateSubject {
  /** The leaf certificate's subject, e.g. `CN=graph-sync.contoso.example` (RDNs compared in order, case-insensitive). */
  readonly subjectName: string;
  /** The certificate (PEM) of the CA the chain must lead to. */
  readonly issuerCertificatePem: string;
}

/** What `registerApp` takes. With no credential at all, a client secret is generated. */
export interface AppRegistrationSpec {
  /** Application (client) id. Default: a random GUID. */
  readonly clientId?: string;
  /** A client secret the app may authenticate with. */
  readonly clientSecret?: string;
  /** A PEM certificate (public part) the app may sign client assertions with. */
  readonly certificatePem?: string;
  /** Subjects whose CA-issued certificates may sign client assertions, sent with their chain (`x5c`). */
  readonly trustedCertificateSubjects?: readonly TrustedCertificateSubject[];
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
  readonly trustedCertificateSubjects: readonly TrustedCertificateSubject[];
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
  /** Graph answers as a replica that has not caught up does for this long after creation. */
  readonly replicationDelayMs?: number;
  /**
   * Or, whatever the clock says: for this many Graph requests on it (so a test through a CLI whose start-up takes a
   * varying time still sees the answer, a fixed number of times). Default 0.
   */
  readonly replicationRequests?: number;
  /** What it answers meanwhile. Default: the behaviour's `replicationAnswer`, read when a request arrives. */
  readonly replicationAnswer?: ReplicationAnswer;
  /** Its synchronization templates (`GET .../synchronization/templates`). Default: `DEFAULT_TEMPLATES`. */
  readonly templates?: readonly SynchronizationTemplateSpec[];
}

/** A synchronization template a service principal offers; fields Graph returns that are left out get defaults. */
export interface SynchronizationTemplateSpec {
  /** The template id jobs are created from, e.g. `scim`, `dataBricks`. */
  readonly id: string;
  /** The synchronization engine's implementation tag. Default "CustomSCIM". */
  readonly factoryTag?: string;
  readonly description?: string;
  /** Whether it is the application's recommended template. Default true for the first template, else false. */
  readonly default?: boolean;
  /** Default true. */
  readonly discoverable?: boolean;
  readonly metadata?: readonly { readonly key: string; readonly value: string }[];
}

/**
 * One SCIM endpoint the fake credential check knows for a principal: `validateCredentials` and `start` accept a
 * BaseAddress equal to `baseAddress` (a trailing `/` ignored) with one of `secretTokens`.
 */
export interface ScimEndpoint {
  readonly baseAddress: string;
  readonly secretTokens: readonly string[];
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
   * - `slow`: wait `delayMs` (default 2000) then serve the request normally;
   * - `html`: answer `status` (default 404) with an HTML page and no Graph error, request-id or client-request-id
   *   (what a proxy or a misrouted endpoint answers).
   */
  readonly kind: "status" | "reset" | "hang" | "slow" | "html";
  readonly status?: number;
  /** Sent as `Retry-After` verbatim with a `status` fault (e.g. "2", "0.5"); omitted when undefined. */
  readonly retryAfter?: string;
  /**
   * `status`: the error's text instead of the default, as Graph's `error.message` or Entra's `error_description`
   * (a hostile or echoing server's answer). Default: the status's usual text.
   */
  readonly message?: string;
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
  /** The Graph operation the request asked for (also when a fault answered it); absent elsewhere. */
  readonly operation?: GraphOperation;
  /** The service principal in the Graph path, as sent (percent-decoded). */
  readonly servicePrincipalId?: string;
  /** The synchronization job in the Graph path, as sent (percent-decoded). */
  readonly jobId?: string;
  /**
   * The key names of the pairs a `secrets.put` carried, in body order; never a value. Absent when the body was not
   * read (a fault, the token, the throttle or the principal's replication answered first) or is not a valid PUT body.
   */
  readonly secretKeys?: readonly string[];
  /**
   * When the request arrived (its headers were read), in ms on the emulator process's monotonic clock
   * (`performance.now()`): comparable between entries, not a wall-clock time.
   */
  readonly startMs: number;
  /**
   * When the answer was handed to the connection (or the connection dropped), on the same clock. A client that
   * waits for one answer before it sends its next request makes `endMs` of the first < `startMs` of the next.
   */
  readonly endMs: number;
}

/** The Graph operations the emulator serves, as logged. */
export type GraphOperation =
  | "secrets.get"
  | "secrets.put"
  | "templates.list"
  | "jobs.list"
  | "jobs.create"
  | "jobs.get"
  | "jobs.delete"
  | "jobs.start"
  | "jobs.pause"
  | "jobs.restart"
  | "jobs.validateCredentials"
  | "applications.create"
  | "applications.delete"
  | "servicePrincipals.create";

/** A request-log entry of a Graph operation. */
export type GraphOperationEntry = RequestLogEntry & { readonly operation: GraphOperation };

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

/** `synchronizationSchedule.state`. */
export type SynchronizationScheduleState = "Active" | "Disabled" | "Paused";

/** `synchronizationStatus.code`. */
export type SynchronizationStatusCode = "NotConfigured" | "NotRun" | "Active" | "Paused" | "Quarantine";

/** `synchronizationQuarantine`, with its `synchronizationError`. */
export interface SynchronizationQuarantineJson {
  readonly currentBegan: string;
  readonly nextAttempt: string;
  readonly reason: string;
  readonly seriesBegan: string;
  readonly seriesCount: number;
  readonly error: { readonly code: string; readonly message: string; readonly tenantActionable: boolean };
}

/** A synchronization job as Graph returns it (`synchronizationJob`, with `synchronizationStatus`). */
export interface SynchronizationJobJson {
  readonly id: string;
  readonly templateId: string;
  readonly schedule: {
    readonly expiration: string | null;
    /** ISO 8601 duration. */
    readonly interval: string;
    readonly state: SynchronizationScheduleState;
  };
  readonly status: {
    readonly code: SynchronizationStatusCode;
    readonly countSuccessiveCompleteFailures: number;
    readonly escrowsPruned: boolean;
    readonly lastExecution: null;
    readonly lastSuccessfulExecution: null;
    readonly lastSuccessfulExecutionWithExports: null;
    readonly progress: readonly never[];
    readonly quarantine: SynchronizationQuarantineJson | null;
    readonly steadyStateFirstAchievedTime: string;
    readonly steadyStateLastAchievedTime: string;
    readonly synchronizedEntryCountByType: readonly never[];
    readonly troubleshootingUrl: null;
  };
  readonly synchronizationJobSettings: readonly { readonly name: string; readonly value: string }[];
}

/** A job as the control surface shows it: Graph's view, plus what the emulator counted. */
export interface SynchronizationJobSnapshot extends SynchronizationJobJson {
  /** The service principal that holds it. */
  readonly servicePrincipalId: string;
  /** Successful `start` calls. */
  readonly starts: number;
  /** Successful `pause` calls. */
  readonly pauses: number;
  /** The `criteria.resetScope` of each successful `restart`, oldest first (`""` when none was sent). */
  readonly restartScopes: readonly string[];
}
