import type { AccessTokenSpec, Emulator } from "../emulator";
import { EmulatorControlError } from "../emulatorControlError";
import { Exchange } from "../http/exchange";
import { EmulatorBehaviour } from "../options";
import { EMULATOR_READINGS } from "../readings";
import {
  AppRegistrationSpec, FaultSpec, GraphOperation, ScimEndpoint, ServicePrincipalSpec, SynchronizationTemplateSpec,
  ThrottleSettings,
} from "../types";

/** The path prefix of the control surface. Not logged, not counted, never delayed or faulted. */
export const CONTROL_PATH = "/_emulator";

type Handler = (body: unknown, parameters: readonly string[], query: URLSearchParams) => unknown;

function object(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new EmulatorControlError("The request body must be a JSON object.");
  }
  return body as Record<string, unknown>;
}

/** Parses a control request body. The error never quotes the body: it may hold a secret being registered. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new EmulatorControlError("The request body is not valid JSON.");
  }
}

function strings(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw new EmulatorControlError(`'${name}' must be an array of strings.`);
  }
  return value;
}

function text(value: unknown, name: string): string {
  if (typeof value !== "string") throw new EmulatorControlError(`'${name}' must be a string.`);
  return value;
}

/**
 * The control surface over HTTP (JSON), mirroring the in-process methods for the standalone emulator.
 * Routes are listed in test/emulator/README.md.
 */
export class ControlApi {
  readonly #routes: Array<[method: string, pattern: RegExp, handler: Handler]>;

  /** @param emulator - the emulator it controls */
  constructor(emulator: Emulator) {
    const e = emulator;
    this.#routes = [
      ["GET", /^\/info$/, () => ({
        origin: e.origin,
        tenantId: e.tenantId,
        cloud: e.cloud ?? "custom",
        authorityHost: e.authorityHost,
        graphEndpoint: e.graphEndpoint,
        graphAudience: e.graphAudience,
        graphScope: e.graphScope,
        tokenEndpoint: e.tokenEndpoint,
        federatedAudience: e.federatedAudience,
        caFile: e.caFile,
        githubActions: {
          requestUrl: e.githubActions.requestUrl,
          requestToken: e.githubActions.requestToken,
          issuer: e.githubActions.issuer,
          subject: e.githubActions.subject,
        },
        azurePipelines: {
          requestUri: e.azurePipelines.requestUri,
          systemAccessToken: e.azurePipelines.systemAccessToken,
          serviceConnectionId: e.azurePipelines.serviceConnectionId,
          issuer: e.azurePipelines.issuer,
          subject: e.azurePipelines.subject,
        },
        managedIdentity: e.managedIdentity,
      })],
      ["POST", /^\/apps$/, (body) => e.registerApp(object(body) as AppRegistrationSpec)],
      ["GET", /^\/apps\/([^/]+)$/, (_, [clientId = ""]) => {
        const app = e.app(clientId);
        if (app === undefined) throw new EmulatorControlError(`No app with client id ${clientId} is registered.`, 404);
        return app;
      }],
      ["POST", /^\/apps\/([^/]+)\/roles$/, (body, [clientId = ""]) =>
        e.grantRoles(clientId, strings(object(body)["roles"], "roles"))],
      ["DELETE", /^\/apps\/([^/]+)\/roles$/, (body, [clientId = ""]) =>
        e.revokeRoles(clientId, strings(object(body)["roles"], "roles"))],
      ["POST", /^\/servicePrincipals$/, (body) =>
        ({ id: e.createServicePrincipal(object(body ?? {}) as ServicePrincipalSpec) })],
      ["DELETE", /^\/servicePrincipals\/([^/]+)$/, (_, [id = ""]) => {
        if (!e.deleteServicePrincipal(id)) throw new EmulatorControlError(`No service principal ${id} exists.`, 404);
        return undefined;
      }],
      ["POST", /^\/servicePrincipals\/([^/]+)\/owners$/, (body, [id = ""]) => {
        e.addServicePrincipalOwner(id, text(object(body)["clientId"], "clientId"));
        return undefined;
      }],
      ["GET", /^\/servicePrincipals\/([^/]+)\/secrets$/, (_, [id = ""]) => {
        const secrets = e.storedSecrets(id);
        if (secrets === undefined) throw new EmulatorControlError(`No service principal ${id} exists.`, 404);
        return secrets;
      }],
      ["PATCH", /^\/servicePrincipals\/([^/]+)\/secrets$/, (body, [id = ""]) => {
        const record = object(body);
        for (const [key, value] of Object.entries(record)) text(value, key);
        e.setStoredSecrets(id, record as Record<string, string>);
        return undefined;
      }],
      ["GET", /^\/servicePrincipals\/([^/]+)\/jobs$/, (_, [id = ""]) => {
        const jobs = e.synchronizationJobs(id);
        if (jobs === undefined) throw new EmulatorControlError(`No service principal ${id} exists.`, 404);
        return jobs;
      }],
      ["DELETE", /^\/servicePrincipals\/([^/]+)\/jobs\/([^/]+)$/, (_, [id = "", jobId = ""]) => {
        if (!e.deleteSynchronizationJob(id, jobId)) throw new EmulatorControlError(`No job ${jobId} exists.`, 404);
        return undefined;
      }],
      ["PUT", /^\/servicePrincipals\/([^/]+)\/templates$/, (body, [id = ""]) => {
        e.setSynchronizationTemplates(id, object(body)["templates"] as SynchronizationTemplateSpec[]);
        return undefined;
      }],
      ["PUT", /^\/servicePrincipals\/([^/]+)\/scim$/, (body, [id = ""]) => {
        const endpoints = object(body)["endpoints"];
        e.setScimEndpoints(id, endpoints === null ? null : (endpoints as ScimEndpoint[]));
        return undefined;
      }],
      ["GET", /^\/readings$/, () => EMULATOR_READINGS],
      ["POST", /^\/readings\/([^/]+)$/, (_, [name = ""]) => e.applyReading(name)],
      ["GET", /^\/operations$/, (_, __, query) => {
        const operations = query.getAll("operation");
        return e.graphOperations({
          servicePrincipalId: query.get("servicePrincipalId") ?? undefined,
          operations: operations.length === 0 ? undefined : (operations as GraphOperation[]),
        });
      }],
      ["POST", /^\/faults$/, (body) => {
        e.injectFault(object(body) as unknown as FaultSpec);
        return undefined;
      }],
      ["GET", /^\/faults$/, () => e.pendingFaults()],
      ["PUT", /^\/latency$/, (body) => {
        const ms = object(body)["ms"];
        if (typeof ms !== "number") throw new EmulatorControlError("'ms' must be a number.");
        e.setLatency(ms);
        return undefined;
      }],
      ["PUT", /^\/throttle$/, (body) => {
        e.setThrottle(body === null ? null : (object(body) as unknown as ThrottleSettings));
        return undefined;
      }],
      ["GET", /^\/behaviour$/, () => e.behaviour],
      ["PATCH", /^\/behaviour$/, (body) => e.configure(object(body) as Partial<EmulatorBehaviour>)],
      ["GET", /^\/requests$/, () => e.requestLog()],
      ["GET", /^\/counters$/, () => e.counters()],
      ["POST", /^\/reset$/, (body) => {
        const directory = body === undefined ? undefined : object(body)["directory"];
        if (directory !== undefined && directory !== "keep" && directory !== "clear") {
          throw new EmulatorControlError("'directory' must be \"keep\" or \"clear\".");
        }
        e.reset({ directory });
        return undefined;
      }],
      ["PUT", /^\/githubActions\/subject$/, (body) => {
        e.githubActions.setSubject(text(object(body)["subject"], "subject"));
        return undefined;
      }],
      ["PUT", /^\/azurePipelines\/subject$/, (body) => {
        e.azurePipelines.setSubject(text(object(body)["subject"], "subject"));
        return undefined;
      }],
      ["POST", /^\/accessTokens$/, (body) =>
        ({ accessToken: e.issueAccessToken(object(body ?? {}) as AccessTokenSpec) })],
    ];
  }

  /** Serves a request under {@link CONTROL_PATH}. */
  async handle(exchange: Exchange): Promise<void> {
    const path = exchange.url.pathname.slice(CONTROL_PATH.length);
    const candidates = this.#routes.filter(([, pattern]) => pattern.test(path));
    const route = candidates.find(([method]) => method === exchange.method);
    if (route === undefined) {
      const status = candidates.length > 0 ? 405 : 404;
      const code = status === 405 ? "MethodNotAllowed" : "NotFound";
      exchange.sendJson(status, { error: { code, message: `No control route ${exchange.method} ${path}.` } });
      return;
    }
    const [, pattern, handler] = route;
    try {
      const raw = (await exchange.body()).toString("utf8");
      const body = raw.trim() === "" ? undefined : parseJson(raw);
      const parameters = (pattern.exec(path) ?? []).slice(1).map((parameter) => decodeURIComponent(parameter));
      const result = handler(body, parameters, exchange.url.searchParams);
      if (result === undefined) exchange.sendEmpty(204);
      else exchange.sendJson(exchange.method === "POST" ? 201 : 200, result);
    } catch (error) {
      const status = error instanceof EmulatorControlError ? error.status : 400;
      const message = error instanceof Error ? error.message : "The control request failed.";
      exchange.sendJson(status, { error: { code: "BadRequest", message } });
    }
  }
}
