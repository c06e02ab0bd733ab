import { randomBytes, randomUUID, X509Certificate } from "node:crypto";
import { checkBeliefValue, ReplicationAnswer } from "../beliefs";
import { EmulatorControlError } from "../emulatorControlError";
import { SynchronizationJob } from "../jobs/synchronizationJob";
import { DEFAULT_TEMPLATES } from "../jobs/synchronizationTemplates";
import {
  AppRegistrationSpec, GraphAppRole, RegisteredApp, ScimEndpoint, ServicePrincipalSpec, SynchronizationJobSnapshot,
  SynchronizationTemplateSpec,
} from "../types";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a GUID in its usual 8-4-4-4-12 form. */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}

function isCertificatePem(text: unknown): boolean {
  try {
    return typeof text === "string" && new X509Certificate(text).subject !== undefined;
  } catch {
    return false;
  }
}

/** A service principal as the emulator holds it. */
export interface ServicePrincipalRecord {
  readonly id: string;
  /** The application (client) id it is an instance of: a registered app's, or a made-up one. */
  readonly appId: string;
  readonly owners: Set<string>;
  /** Epoch ms from which Graph can see it (creation + replication window). */
  readonly visibleFrom: number;
  /** What Graph answers before `visibleFrom`; undefined: the behaviour's `replicationAnswer`. */
  readonly replicationAnswer: ReplicationAnswer | undefined;
  /** Graph requests still to answer with the replication answer, whatever the clock says (counts down). */
  replicatingRequests: number;
  /** Stored synchronization secrets, key -> value, in plain text. */
  readonly secrets: Map<string, string>;
  /** Its synchronization templates. */
  templates: readonly SynchronizationTemplateSpec[];
  /** Its synchronization jobs by id. */
  readonly jobs: Map<string, SynchronizationJob>;
  /** The SCIM endpoints the fake credential check knows; undefined: any https URL with a token passes. */
  scimEndpoints: readonly ScimEndpoint[] | undefined;
}

function checkTemplates(templates: readonly SynchronizationTemplateSpec[]): SynchronizationTemplateSpec[] {
  if (!Array.isArray(templates)) throw new EmulatorControlError("'templates' must be an array.");
  for (const template of templates) {
    if (typeof template?.id !== "string" || !/^[A-Za-z0-9_-]+$/.test(template.id)) {
      throw new EmulatorControlError("Each template needs an 'id' of letters, digits, '_' or '-'.");
    }
  }
  return templates.map((template) => ({ ...template }));
}

function checkScimEndpoints(endpoints: readonly ScimEndpoint[]): ScimEndpoint[] {
  if (!Array.isArray(endpoints)) throw new EmulatorControlError("'endpoints' must be an array or null.");
  for (const endpoint of endpoints) {
    const tokens: unknown = endpoint?.secretTokens;
    if (typeof endpoint?.baseAddress !== "string" || !Array.isArray(tokens) || !tokens.every((t) => typeof t === "string")) {
      throw new EmulatorControlError("Each SCIM endpoint needs a 'baseAddress' string and a 'secretTokens' array.");
    }
  }
  return endpoints.map(({ baseAddress, secretTokens }) => ({ baseAddress, secretTokens: [...secretTokens] }));
}

/** An Entra-style client secret: three characters, a digit-letter marker, `~`, then 34 URL-safe characters. */
function generateClientSecret(): string {
  const body = randomBytes(30).toString("base64url").replace(/[-_]/g, "x");
  return `${body.slice(0, 3)}8Q~${body.slice(3, 37)}`;
}

/** The tenant's directory: app registrations, service principals, ownership and stored secrets. */
export class Directory {
  readonly #apps = new Map<string, RegisteredApp>();
  readonly #servicePrincipals = new Map<string, ServicePrincipalRecord>();

  /** Registers an app and its own service principal. */
  registerApp(spec: AppRegistrationSpec, defaultFederatedAudience: string): RegisteredApp {
    const clientId = spec.clientId ?? randomUUID();
    if (!isGuid(clientId)) throw new EmulatorControlError(`The client id '${clientId}' is not a GUID.`);
    if (this.#apps.has(clientId)) throw new EmulatorControlError(`An app with client id ${clientId} exists.`, 409);
    const hasCredential =
      spec.clientSecret !== undefined ||
      spec.certificatePem !== undefined ||
      (spec.trustedCertificateSubjects?.length ?? 0) > 0 ||
      (spec.federatedCredentials?.length ?? 0) > 0 ||
      spec.managedIdentity === true;
    const servicePrincipalId = randomUUID();
    const app: RegisteredApp = {
      clientId,
      servicePrincipalId,
      clientSecret: hasCredential ? spec.clientSecret : generateClientSecret(),
      certificatePem: spec.certificatePem,
      trustedCertificateSubjects: (spec.trustedCertificateSubjects ?? []).map((trusted) => {
        if (!isCertificatePem(trusted.issuerCertificatePem)) {
          throw new EmulatorControlError(`The issuer of trusted subject '${trusted.subjectName}' is not a PEM certificate.`);
        }
        return { subjectName: trusted.subjectName, issuerCertificatePem: trusted.issuerCertificatePem };
      }),
      federatedCredentials: (spec.federatedCredentials ?? []).map((credential) => ({
        issuer: credential.issuer,
        subject: credential.subject,
        audience: credential.audience ?? defaultFederatedAudience,
      })),
      roles: [...new Set(spec.roles ?? [])],
      managedIdentity: spec.managedIdentity ?? false,
    };
    this.#apps.set(clientId, app);
    this.#servicePrincipals.set(servicePrincipalId, {
      id: servicePrincipalId,
      appId: clientId,
      owners: new Set(),
      visibleFrom: 0,
      replicationAnswer: undefined,
      replicatingRequests: 0,
      secrets: new Map(),
      templates: DEFAULT_TEMPLATES,
      jobs: new Map(),
      scimEndpoints: undefined,
    });
    return app;
  }

  /** The app with this client id, if registered. */
  app(clientId: string): RegisteredApp | undefined {
    return this.#apps.get(clientId);
  }

  /** Every registered app. */
  apps(): RegisteredApp[] {
    return [...this.#apps.values()];
  }

  /** Adds application permissions. Tokens issued before keep their old `roles`, as in Entra. */
  grantRoles(clientId: string, roles: readonly GraphAppRole[]): RegisteredApp {
    const app = this.#requireApp(clientId);
    const updated = { ...app, roles: [...new Set([...app.roles, ...roles])] };
    this.#apps.set(clientId, updated);
    return updated;
  }

  /** Removes application permissions. */
  revokeRoles(clientId: string, roles: readonly GraphAppRole[]): RegisteredApp {
    const app = this.#requireApp(clientId);
    const updated = { ...app, roles: app.roles.filter((role) => !roles.includes(role)) };
    this.#apps.set(clientId, updated);
    return updated;
  }

  /** Creates a service principal (a target of synchronization secrets). */
  createServicePrincipal(spec: ServicePrincipalSpec, defaultReplicationDelayMs: number, now: number): string {
    const id = spec.id ?? randomUUID();
    if (!isGuid(id)) throw new EmulatorControlError(`The service principal id '${id}' is not a GUID.`);
    if (this.#servicePrincipals.has(id)) throw new EmulatorControlError(`Service principal ${id} exists.`, 409);
    const templates = spec.templates === undefined ? DEFAULT_TEMPLATES : checkTemplates(spec.templates);
    if (spec.replicationAnswer !== undefined) checkBeliefValue("replicationAnswer", spec.replicationAnswer);
    const replicatingRequests = spec.replicationRequests ?? 0;
    if (!Number.isSafeInteger(replicatingRequests) || replicatingRequests < 0) {
      throw new EmulatorControlError("'replicationRequests' must be a whole number >= 0.");
    }
    this.#servicePrincipals.set(id, {
      id,
      appId: randomUUID(),
      owners: new Set(spec.owners ?? []),
      visibleFrom: now + (spec.replicationDelayMs ?? defaultReplicationDelayMs),
      replicationAnswer: spec.replicationAnswer,
      replicatingRequests,
      secrets: new Map(),
      templates,
      jobs: new Map(),
      scimEndpoints: undefined,
    });
    return id;
  }

  /** Deletes a service principal and its secrets; false when there was none. */
  deleteServicePrincipal(id: string): boolean {
    return this.#servicePrincipals.delete(id);
  }

  /** Makes an app an owner of a service principal. */
  addOwner(servicePrincipalId: string, clientId: string): void {
    this.#requireServicePrincipal(servicePrincipalId).owners.add(clientId);
  }

  /** Removes an app from the owners of a service principal. */
  removeOwner(servicePrincipalId: string, clientId: string): void {
    this.#requireServicePrincipal(servicePrincipalId).owners.delete(clientId);
  }

  /** The service principal with this id, whether or not it has replicated yet. */
  servicePrincipal(id: string): ServicePrincipalRecord | undefined {
    return this.#servicePrincipals.get(id);
  }

  /** Stored secrets in plain text, or undefined for an unknown principal. */
  storedSecrets(id: string): Record<string, string> | undefined {
    const principal = this.#servicePrincipals.get(id);
    return principal === undefined ? undefined : Object.fromEntries(principal.secrets);
  }

  /** Out-of-band edit (the portal, another tool): sets each key; `""` removes it. */
  setStoredSecrets(id: string, secrets: Readonly<Record<string, string>>): void {
    const principal = this.#requireServicePrincipal(id);
    for (const [key, value] of Object.entries(secrets)) {
      if (value === "") principal.secrets.delete(key);
      else principal.secrets.set(key, value);
    }
  }

  /** Replaces the synchronization templates a principal offers. */
  setTemplates(id: string, templates: readonly SynchronizationTemplateSpec[]): void {
    this.#requireServicePrincipal(id).templates = checkTemplates(templates);
  }

  /** Sets the SCIM endpoints the fake credential check knows for a principal; null restores the default rule. */
  setScimEndpoints(id: string, endpoints: readonly ScimEndpoint[] | null): void {
    this.#requireServicePrincipal(id).scimEndpoints = endpoints === null ? undefined : checkScimEndpoints(endpoints);
  }

  /** A principal's synchronization jobs, for assertions; undefined for an unknown principal. */
  jobs(id: string): SynchronizationJobSnapshot[] | undefined {
    const principal = this.#servicePrincipals.get(id);
    return principal === undefined ? undefined : [...principal.jobs.values()].map((job) => job.snapshot(id));
  }

  /** Out-of-band delete of a job (the portal, another tool); false when there was none. */
  deleteJob(id: string, jobId: string): boolean {
    return this.#requireServicePrincipal(id).jobs.delete(jobId);
  }

  /** Forgets every app, service principal and secret. */
  clear(): void {
    this.#apps.clear();
    this.#servicePrincipals.clear();
  }

  #requireApp(clientId: string): RegisteredApp {
    const app = this.#apps.get(clientId);
    if (app === undefined) throw new EmulatorControlError(`No app with client id ${clientId} is registered.`, 404);
    return app;
  }

  #requireServicePrincipal(id: string): ServicePrincipalRecord {
    const principal = this.#servicePrincipals.get(id);
    if (principal === undefined) throw new EmulatorControlError(`No service principal ${id} exists.`, 404);
    return principal;
  }
}
