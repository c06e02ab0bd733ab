import { IncomingMessage, ServerResponse, STATUS_CODES } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { AZURE_PIPELINES_PATH } from "../ci/azurePipelinesOidc";
import { GITHUB_ACTIONS_PATH } from "../ci/gitHubActionsOidc";
import { CONTROL_PATH } from "../control/controlApi";
import { isEntraPath } from "../entra/entraEndpoints";
import { IMDS_TOKEN_PATH, MANAGED_IDENTITY_PATH } from "../entra/managedIdentityEndpoint";
import { classifyGraphRequest, isGraphPath } from "../graph/graphRoute";
import { FaultInjector } from "../traffic/faultInjector";
import { redactPath, RequestLog } from "../traffic/requestLog";
import { RequestLogEntry } from "../types";
import { Exchange } from "./exchange";
import { graphFault } from "./faultResponses";

/** Something that serves some paths; answers false for a path that is not its own. */
export interface EndpointHandler {
  handle(exchange: Exchange): boolean | Promise<boolean>;
}

/** What the pipeline routes to and draws from. */
export interface RequestPipelineParts {
  /** The HTTPS origin's endpoints, tried in order. */
  readonly endpoints: readonly EndpointHandler[];
  /** The only endpoint of the plain-http managed-identity listener. */
  readonly managedIdentity: EndpointHandler;
  /** The `/_emulator` control surface: not logged, not delayed, never faulted. */
  readonly control: { handle(exchange: Exchange): Promise<void> };
  readonly log: RequestLog;
  readonly faults: FaultInjector;
  /** The current added latency (ms). */
  readonly latencyMs: () => number;
}

function surfaceOf(pathname: string): RequestLogEntry["surface"] {
  if (isGraphPath(pathname)) return "graph";
  const identity =
    isEntraPath(pathname) ||
    pathname === MANAGED_IDENTITY_PATH ||
    pathname.replace(/\/$/, "") === IMDS_TOKEN_PATH ||
    pathname.startsWith(`${GITHUB_ACTIONS_PATH}/`) ||
    pathname.startsWith(`${AZURE_PIPELINES_PATH}/`);
  return identity ? "identity" : "other";
}

/**
 * Every request's path through the emulator: classify, log on completion, add latency, apply a queued fault,
 * then route to the endpoint that owns the path.
 */
export class RequestPipeline {
  readonly #parts: RequestPipelineParts;

  /** @param parts - endpoints, log, faults and latency */
  constructor(parts: RequestPipelineParts) {
    this.#parts = parts;
  }

  /** Serves a request from one of the listeners (`origin` is that listener's, to resolve the request URL). */
  dispatch(request: IncomingMessage, response: ServerResponse, origin: string, managedIdentityListener: boolean): void {
    let exchange: Exchange;
    try {
      exchange = new Exchange(request, response, origin);
    } catch {
      // A request target URL cannot resolve: answer like a front door would, without touching the routes.
      response.writeHead(400, { "content-type": "text/plain" }).end("Bad request target.");
      return;
    }
    this.#serve(exchange, managedIdentityListener).catch((error: unknown) => {
      // An emulator bug must not take the test process down; the 500 names the failure, never a credential.
      const message = error instanceof Error ? `${error.name}: ${error.message}` : "Unknown failure.";
      exchange.sendGraphError(500, "generalException", message);
    });
  }

  async #serve(exchange: Exchange, managedIdentityListener: boolean): Promise<void> {
    const pathname = exchange.url.pathname;
    if (!managedIdentityListener && pathname.startsWith(`${CONTROL_PATH}/`)) {
      await this.#parts.control.handle(exchange);
      return;
    }
    exchange.surface = surfaceOf(pathname);
    if (exchange.surface === "graph") exchange.route = classifyGraphRequest(exchange.method, pathname);
    exchange.onDone((done) => this.#record(done));
    const latencyMs = this.#parts.latencyMs();
    if (latencyMs > 0) await sleep(latencyMs);
    if (exchange.surface !== "other" && !(await this.#applyFault(exchange))) return;
    const endpoints = managedIdentityListener ? [this.#parts.managedIdentity] : this.#parts.endpoints;
    for (const endpoint of endpoints) {
      if (await endpoint.handle(exchange)) return;
    }
    exchange.sendGraphError(404, "NotFound", `The emulator serves nothing at ${pathname}.`);
  }

  /** Applies a queued fault; false when the fault took the request (nothing more to serve). */
  async #applyFault(exchange: Exchange): Promise<boolean> {
    const surface = exchange.surface === "graph" ? "graph" : "identity";
    const fault = this.#parts.faults.take(surface, exchange.method, exchange.target);
    if (fault === undefined) return true;
    exchange.fault = fault.kind;
    switch (fault.kind) {
      case "slow":
        await sleep(fault.delayMs ?? 2000);
        return true;
      case "reset":
        exchange.reset();
        return false;
      case "hang":
        exchange.hang(fault.delayMs);
        return false;
      case "html": {
        const status = fault.status ?? 404;
        exchange.sendForeignPage(status, `${status} ${STATUS_CODES[status] ?? "Error"}`);
        return false;
      }
      case "status": {
        const status = fault.status ?? 503;
        const headers = fault.retryAfter === undefined ? {} : { "retry-after": fault.retryAfter };
        if (exchange.surface === "graph") {
          const [code, message] = graphFault(status);
          exchange.sendGraphError(status, code, fault.message ?? message, headers);
        } else {
          const description = fault.message ?? "The server is temporarily unavailable.";
          exchange.sendEntraError(status, "temporarily_unavailable", 50196, description, headers);
        }
        return false;
      }
    }
  }

  #record(exchange: Exchange): void {
    const retryAttempt = exchange.header("retry-attempt");
    const route = exchange.route;
    this.#parts.log.record({
      time: new Date(exchange.startedAt).toISOString(),
      surface: exchange.surface,
      method: exchange.method,
      path: redactPath(exchange.target),
      status: exchange.status,
      ...(exchange.fault === undefined ? {} : { fault: exchange.fault }),
      ...(exchange.clientRequestId === undefined ? {} : { clientRequestId: exchange.clientRequestId }),
      ...(retryAttempt === undefined ? {} : { retryAttempt }),
      requestId: exchange.requestId,
      durationMs: Date.now() - exchange.startedAt,
      ...(route?.operation === undefined ? {} : { operation: route.operation }),
      ...(route?.servicePrincipalId === undefined ? {} : { servicePrincipalId: route.servicePrincipalId }),
      ...(route?.jobId === undefined ? {} : { jobId: route.jobId }),
      ...(exchange.secretKeys === undefined ? {} : { secretKeys: exchange.secretKeys }),
      startMs: exchange.startMs,
      endMs: exchange.answeredMs ?? performance.now(),
    });
  }
}
