import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer as createHttpServer, IncomingMessage, Server as HttpServer, ServerResponse } from "node:http";
import { createServer as createHttpsServer, Server as HttpsServer } from "node:https";
import { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AzurePipelinesOidc } from "./ci/azurePipelinesOidc";
import { GitHubActionsOidc } from "./ci/gitHubActionsOidc";
import { CloudName } from "./clouds";
import { ControlApi } from "./control/controlApi";
import { Directory } from "./directory/directory";
import { AccessTokenIssuer } from "./entra/accessTokenIssuer";
import { EntraEndpoints } from "./entra/entraEndpoints";
import { IMDS_TOKEN_PATH, ManagedIdentityEndpoint, MANAGED_IDENTITY_PATH } from "./entra/managedIdentityEndpoint";
import { TenantContext } from "./entra/tenantContext";
import { GraphApi } from "./graph/graphApi";
import { RequestPipeline } from "./http/requestPipeline";
import { SigningKey } from "./jwt/signingKey";
import {
  behaviourOf, checkBehaviourChanges, EmulatorBehaviour, EmulatorOptions, ResolvedEmulatorOptions,
  resolveEmulatorOptions,
} from "./options";
import { findReading } from "./readings";
import { CA_CERT_FILE, CertificateAuthority } from "./tls/certificateAuthority";
import { FaultInjector } from "./traffic/faultInjector";
import { GraphOperationFilter, selectGraphOperations } from "./traffic/graphOperations";
import { RequestLog } from "./traffic/requestLog";
import { Throttle } from "./traffic/throttle";
import {
  AppRegistrationSpec, EmulatorCounters, FaultSpec, GraphAppRole, GraphOperationEntry, RegisteredApp,
  RequestLogEntry, ScimEndpoint, ServicePrincipalSpec, SynchronizationJobSnapshot, SynchronizationTemplateSpec,
  ThrottleSettings,
} from "./types";

/** What `issueAccessToken` mints: any claim a test needs to be wrong on purpose. */
export interface AccessTokenSpec {
  /** `appid`. Default: a random GUID (it need not be a registered app). */
  readonly clientId?: string;
  readonly roles?: readonly GraphAppRole[];
  /** `aud`. Default: the emulator's Graph audience. */
  readonly audience?: string;
  /** Lifetime from `issuedAt`; negative or small values make expired tokens. Default: the configured lifetime. */
  readonly lifetimeSeconds?: number;
  /** Epoch ms. Default now. */
  readonly issuedAt?: number;
  /** `tid`. Default the emulator's tenant. */
  readonly tenantId?: string;
}

/** The managed-identity endpoint, for IDENTITY_ENDPOINT and IDENTITY_HEADER. */
export interface ManagedIdentityInfo {
  /** `http://127.0.0.1:<port>/msi/token`: plain http, as App Service's local endpoint is. */
  readonly endpoint: string;
  /** The same endpoint on the HTTPS origin. */
  readonly httpsEndpoint: string;
  /** For IDENTITY_HEADER. */
  readonly identityHeader: string;
  /**
   * `http://127.0.0.1:<port>/metadata/identity/oauth2/token`: the instance metadata service's token endpoint shape,
   * for azuread's `msiEndpoint` (`ARM_MSI_ENDPOINT`).
   */
  readonly imdsEndpoint: string;
  /** `http://127.0.0.1:<port>`: for `AZURE_POD_IDENTITY_AUTHORITY_HOST`, where msal-node sends IMDS requests. */
  readonly imdsHost: string;
  /** Client id of the system-assigned identity (grant it roles with `grantRoles`). */
  readonly clientId: string;
}

interface EmulatorParts {
  readonly options: ResolvedEmulatorOptions;
  readonly server: HttpsServer;
  readonly managedIdentityServer: HttpServer;
  readonly origin: string;
  readonly managedIdentityOrigin: string;
  readonly caPem: string;
  readonly caFile: string;
  /** A directory the emulator created for its own CA, removed on close. */
  readonly ownedCaDirectory: string | undefined;
  readonly tenantKey: SigningKey;
  readonly gitHubKey: SigningKey;
  readonly pipelinesKey: SigningKey;
}

async function listen(server: HttpServer | HttpsServer, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/**
 * A Microsoft Graph + Entra ID emulator on one HTTPS origin on loopback, with an in-process control surface.
 * Create it with {@link startEmulator}; stop it with {@link Emulator.close}.
 */
export class Emulator {
  /** `https://127.0.0.1:<port>`: the authority host, the Graph endpoint and the OIDC providers' origin. */
  readonly origin: string;
  readonly port: number;
  readonly tenantId: string;
  /** The cloud it stands in for, or undefined for a custom cloud whose Graph endpoint is the emulator. */
  readonly cloud: CloudName | undefined;
  /** The `aud` Graph accepts (the cloud's Graph root, or the origin). */
  readonly graphAudience: string;
  /** `${graphAudience}/.default`: the scope credentials request. */
  readonly graphScope: string;
  /** The audience federated credentials default to. */
  readonly federatedAudience: string;
  /** PEM file of the CA that issued the TLS certificate (NODE_EXTRA_CA_CERTS). */
  readonly caFile: string;
  /** The same CA as PEM text (for `tlsOptions.ca` or an https.Agent). */
  readonly caPem: string;
  /** The fake GitHub Actions OIDC provider (ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN). */
  readonly githubActions: GitHubActionsOidc;
  /** The fake Azure Pipelines OIDC provider (SYSTEM_OIDCREQUESTURI). */
  readonly azurePipelines: AzurePipelinesOidc;

  readonly #parts: EmulatorParts;
  readonly #directory = new Directory();
  readonly #log = new RequestLog();
  readonly #faults = new FaultInjector();
  readonly #throttle = new Throttle();
  readonly #tokens: AccessTokenIssuer;
  readonly #entra: EntraEndpoints;
  readonly #managedIdentity: ManagedIdentityEndpoint;
  readonly #graph: GraphApi;
  readonly #sockets = new Set<Socket>();
  #behaviour: EmulatorBehaviour;
  #latencyMs: number;
  #systemAssignedClientId = "";
  #closed = false;

  private constructor(parts: EmulatorParts) {
    const { options, origin } = parts;
    this.#parts = parts;
    this.origin = origin;
    this.port = Number(new URL(origin).port);
    this.tenantId = options.tenantId;
    this.cloud = options.cloud;
    this.graphAudience = options.graphAudience ?? origin;
    this.graphScope = `${this.graphAudience}/.default`;
    this.federatedAudience = options.federatedAudience;
    this.caFile = parts.caFile;
    this.caPem = parts.caPem;
    this.#behaviour = behaviourOf(options);
    this.#latencyMs = options.latencyMs;
    this.#throttle.configure(options.throttle);
    this.#tokens = new AccessTokenIssuer(parts.tenantKey, `${origin}/${options.tenantId}/v2.0`, options.tenantId);
    const context: TenantContext = {
      origin,
      tenantId: options.tenantId,
      graphAudience: this.graphAudience,
      directory: this.#directory,
      tokens: this.#tokens,
      log: this.#log,
      behaviour: () => this.#behaviour,
      options,
    };
    this.githubActions = new GitHubActionsOidc(origin, parts.gitHubKey, this.#log);
    this.azurePipelines = new AzurePipelinesOidc(origin, parts.pipelinesKey, options.federatedAudience, this.#log);
    this.#entra = new EntraEndpoints(
      context,
      parts.tenantKey,
      new Map([
        [this.githubActions.issuer, this.githubActions.signingKey],
        [this.azurePipelines.issuer, this.azurePipelines.signingKey],
      ]),
    );
    this.#managedIdentity = new ManagedIdentityEndpoint(context, () =>
      this.#directory.app(this.#systemAssignedClientId),
    );
    this.#graph = new GraphApi(context, this.#throttle);
    this.#registerSystemAssignedIdentity();
    for (const server of [parts.server, parts.managedIdentityServer]) {
      server.on("connection", (socket: Socket) => {
        this.#sockets.add(socket);
        socket.once("close", () => this.#sockets.delete(socket));
      });
    }
    const pipeline = new RequestPipeline({
      endpoints: [this.#graph, this.#entra, this.#managedIdentity, this.githubActions, this.azurePipelines],
      managedIdentity: this.#managedIdentity,
      control: new ControlApi(this),
      log: this.#log,
      faults: this.#faults,
      latencyMs: () => this.#latencyMs,
    });
    parts.server.on("request", (request: IncomingMessage, response: ServerResponse) =>
      pipeline.dispatch(request, response, origin, false),
    );
    parts.managedIdentityServer.on("request", (request: IncomingMessage, response: ServerResponse) =>
      pipeline.dispatch(request, response, parts.managedIdentityOrigin, true),
    );
  }

  /** Starts an emulator: a TLS certificate from the run's CA (or its own), then both listeners on 127.0.0.1. */
  static async start(options: EmulatorOptions = {}): Promise<Emulator> {
    const resolved = resolveEmulatorOptions(options);
    const caDirectory = resolved.caDirectory;
    const [authority, tenantKey, gitHubKey, pipelinesKey] = await Promise.all([
      caDirectory === undefined ? CertificateAuthority.create() : CertificateAuthority.load(caDirectory),
      SigningKey.generate("RS256"),
      // The CI providers sign with ES256: an RSA key each would triple the start-up time on a busy machine.
      SigningKey.generate("ES256"),
      SigningKey.generate("ES256"),
    ]);
    // Standalone (no run CA): the emulator's own CA goes to a temporary directory it removes on close.
    const ownedCaDirectory = caDirectory === undefined ? await mkdtemp(join(tmpdir(), "pgs-emulator-ca-")) : undefined;
    const caFile =
      ownedCaDirectory === undefined ? join(caDirectory ?? "", CA_CERT_FILE) : await authority.writeTo(ownedCaDirectory);
    const certificate = await authority.issueServerCertificate();
    const server = createHttpsServer({
      key: certificate.privateKeyPem,
      cert: certificate.certificatePem,
      keepAliveTimeout: 30_000,
    });
    const managedIdentityServer = createHttpServer({ keepAliveTimeout: 30_000 });
    const port = await listen(server, resolved.port);
    const managedIdentityPort = await listen(managedIdentityServer, 0);
    return new Emulator({
      options: resolved,
      server,
      managedIdentityServer,
      origin: `https://127.0.0.1:${port}`,
      managedIdentityOrigin: `http://127.0.0.1:${managedIdentityPort}`,
      caPem: authority.certificatePem,
      caFile,
      ownedCaDirectory,
      tenantKey,
      gitHubKey,
      pipelinesKey,
    });
  }

  /** The authority host credentials take (`authorityHost`), with `disableInstanceDiscovery: true`. */
  get authorityHost(): string {
    return this.origin;
  }

  /** The Graph endpoint clients call (`{graphEndpoint}/v1.0/...`). */
  get graphEndpoint(): string {
    return this.origin;
  }

  /** `{origin}/{tenant}/oauth2/v2.0/token`. */
  get tokenEndpoint(): string {
    return this.#entra.tokenEndpoint;
  }

  /** The issuer of the tenant's tokens (`{origin}/{tenant}/v2.0`). */
  get issuer(): string {
    return this.#entra.issuer;
  }

  /** The managed-identity endpoints (App Service, IMDS shape) and the system-assigned identity they issue for. */
  get managedIdentity(): ManagedIdentityInfo {
    return {
      endpoint: `${this.#parts.managedIdentityOrigin}${MANAGED_IDENTITY_PATH}`,
      httpsEndpoint: `${this.origin}${MANAGED_IDENTITY_PATH}`,
      identityHeader: this.#managedIdentity.identityHeader,
      imdsEndpoint: `${this.#parts.managedIdentityOrigin}${IMDS_TOKEN_PATH}`,
      imdsHost: this.#parts.managedIdentityOrigin,
      clientId: this.#systemAssignedClientId,
    };
  }

  /** The current behaviour settings. */
  get behaviour(): EmulatorBehaviour {
    return this.#behaviour;
  }

  /**
   * Changes behaviour settings while running (page size, masked keys, readings of Graph...). Throws
   * EmulatorControlError for an unknown setting or a value that is not one of its readings; nothing changes then.
   */
  configure(changes: Partial<EmulatorBehaviour>): EmulatorBehaviour {
    checkBehaviourChanges(changes);
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    this.#behaviour = { ...this.#behaviour, ...defined };
    return this.#behaviour;
  }

  /** Takes one reading of Graph by name (see `EMULATOR_READINGS`); the other settings stay. */
  applyReading(name: string): EmulatorBehaviour {
    return this.configure(findReading(name).options);
  }

  /** Registers an app (and its own service principal). With no credential, a client secret is generated. */
  registerApp(spec: AppRegistrationSpec = {}): RegisteredApp {
    return this.#directory.registerApp(spec, this.federatedAudience);
  }

  /** The registered app with this client id. */
  app(clientId: string): RegisteredApp | undefined {
    return this.#directory.app(clientId);
  }

  /** Grants application permissions. Only tokens issued afterwards carry them, as in Entra. */
  grantRoles(clientId: string, roles: readonly GraphAppRole[]): RegisteredApp {
    return this.#directory.grantRoles(clientId, roles);
  }

  /** Revokes application permissions (for tokens issued afterwards). */
  revokeRoles(clientId: string, roles: readonly GraphAppRole[]): RegisteredApp {
    return this.#directory.revokeRoles(clientId, roles);
  }

  /** Creates a service principal and returns its object id. */
  createServicePrincipal(spec: ServicePrincipalSpec = {}): string {
    return this.#directory.createServicePrincipal(spec, this.#behaviour.replicationDelayMs, Date.now());
  }

  /** Deletes a service principal and its secrets; false when it did not exist. */
  deleteServicePrincipal(id: string): boolean {
    return this.#directory.deleteServicePrincipal(id);
  }

  /** Makes an app an owner of a service principal (for Application.ReadWrite.OwnedBy). */
  addServicePrincipalOwner(servicePrincipalId: string, clientId: string): void {
    this.#directory.addOwner(servicePrincipalId, clientId);
  }

  /** Removes an app from a service principal's owners. */
  removeServicePrincipalOwner(servicePrincipalId: string, clientId: string): void {
    this.#directory.removeOwner(servicePrincipalId, clientId);
  }

  /** Stored secrets in plain text (for assertions); undefined for an unknown service principal. */
  storedSecrets(servicePrincipalId: string): Record<string, string> | undefined {
    return this.#directory.storedSecrets(servicePrincipalId);
  }

  /** Out-of-band edit of stored secrets (the portal, another tool): sets each key; `""` removes it. */
  setStoredSecrets(servicePrincipalId: string, secrets: Readonly<Record<string, string>>): void {
    this.#directory.setStoredSecrets(servicePrincipalId, secrets);
  }

  /** Replaces the synchronization templates a service principal offers. */
  setSynchronizationTemplates(servicePrincipalId: string, templates: readonly SynchronizationTemplateSpec[]): void {
    this.#directory.setTemplates(servicePrincipalId, templates);
  }

  /**
   * Sets the SCIM endpoints the fake credential check (validateCredentials, start, restart) knows for a principal;
   * null restores the default rule (any https BaseAddress with a non-empty SecretToken passes).
   */
  setScimEndpoints(servicePrincipalId: string, endpoints: readonly ScimEndpoint[] | null): void {
    this.#directory.setScimEndpoints(servicePrincipalId, endpoints);
  }

  /** A principal's synchronization jobs as Graph shows them, plus start, pause and restart counts. */
  synchronizationJobs(servicePrincipalId: string): SynchronizationJobSnapshot[] | undefined {
    return this.#directory.jobs(servicePrincipalId);
  }

  /** Out-of-band delete of a job (the portal, another tool); false when there was none. */
  deleteSynchronizationJob(servicePrincipalId: string, jobId: string): boolean {
    return this.#directory.deleteJob(servicePrincipalId, jobId);
  }

  /** Serves a fault to the next `count` matching requests (default: Graph requests). */
  injectFault(fault: FaultSpec): void {
    this.#faults.add(fault);
  }

  /** Faults still queued. */
  pendingFaults(): Array<FaultSpec & { readonly remaining: number }> {
    return this.#faults.pending();
  }

  /** Latency added to every request except the control surface's. */
  setLatency(ms: number): void {
    if (!(ms >= 0)) throw new RangeError("Latency must be >= 0 ms.");
    this.#latencyMs = ms;
  }

  /** A token bucket per app and tenant for Graph requests (writes by default); null turns it off. */
  setThrottle(settings: ThrottleSettings | null): void {
    this.#throttle.configure(settings);
  }

  /** Requests served since start or the last reset, oldest first. Never bodies, never Authorization. */
  requestLog(): RequestLogEntry[] {
    return this.#log.entries();
  }

  /**
   * The log's Graph operations (each with its operation, principal, job, status and monotonic start and end), in
   * the order they arrived: what proves order and non-overlap (see `overlappingOperations`).
   */
  graphOperations(filter: GraphOperationFilter = {}): GraphOperationEntry[] {
    return selectGraphOperations(this.#log.entries(), filter);
  }

  /** Counters since start or the last reset. */
  counters(): EmulatorCounters {
    return this.#log.counters();
  }

  /** Mints an access token with chosen claims, signed by the tenant's key (expired, wrong audience, no roles...). */
  issueAccessToken(spec: AccessTokenSpec = {}): string {
    const clientId = spec.clientId ?? randomUUID();
    return this.#tokens.issue({
      clientId,
      objectId: this.#directory.app(clientId)?.servicePrincipalId ?? randomUUID(),
      resource: spec.audience ?? this.graphAudience,
      roles: spec.roles ?? [],
      authenticationMethod: "1",
      lifetimeSeconds: spec.lifetimeSeconds ?? this.#behaviour.tokenLifetimeSeconds,
      issuedAt: spec.issuedAt,
      tenantId: spec.tenantId,
    });
  }

  /**
   * Clears the request log, counters, queued faults and throttle buckets, and restores the starting latency and
   * throttle. Apps, service principals and secrets stay unless `directory: "clear"`; behaviour set with
   * `configure` stays.
   */
  reset(options: { readonly directory?: "keep" | "clear" } = {}): void {
    this.#log.clear();
    this.#faults.clear();
    this.#latencyMs = this.#parts.options.latencyMs;
    this.#throttle.configure(this.#parts.options.throttle);
    if (options.directory === "clear") {
      this.#directory.clear();
      this.#registerSystemAssignedIdentity();
    }
  }

  /** Stops both listeners, drops every connection (hanging ones too) and removes a CA directory it created. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const closing = [this.#parts.server, this.#parts.managedIdentityServer].map(
      (server) => new Promise<void>((resolve) => server.close(() => resolve())),
    );
    for (const socket of this.#sockets) socket.destroy();
    await Promise.all(closing);
    if (this.#parts.ownedCaDirectory !== undefined) {
      await rm(this.#parts.ownedCaDirectory, { recursive: true, force: true });
    }
  }

  #registerSystemAssignedIdentity(): void {
    const identity = this.#directory.registerApp({ managedIdentity: true }, this.federatedAudience);
    this.#systemAssignedClientId = identity.clientId;
  }
}

/** Starts an emulator. See {@link EmulatorOptions} for the defaults. */
export function startEmulator(options?: EmulatorOptions): Promise<Emulator> {
  return Emulator.start(options);
}
