import { createAccessTokenSource } from "../../provider/auth/tokenSource";
import type { SecretPair } from "../../provider/core/state";
import { DEFAULTS } from "../../provider/defaults";
import { GraphClient } from "../../provider/graph/client";
import { GraphRequestError, parseGraphErrorBody } from "../../provider/graph/errors";
import { AxiosTransport } from "../../provider/graph/transport";
import { resolveSettings } from "../../provider/settings/providerSettings";

/** One answer as Graph gave it: status, the headers, Graph's error codes; the body only for the echo question. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly code?: string;
  /** The specific code: of the JSON error packed in `message`, or of `details[0]`. */ readonly innerCode?: string;
  readonly body: string;
}

/**
 * Graph through the provider's own parts: its settings (stack-config keys and the environment), its token source and
 * credential, its Graph client for the writes and reads the resource makes, and its transport (the one axios user)
 * for the answers the client keeps to itself on purpose: statuses, headers, error bodies.
 */
export class ProbeClient {
  private constructor(
    /** The provider's client: retries throttling, waits for nothing else (`awaitReplication: false`). */
    readonly graph: GraphClient,
    private readonly transport: AxiosTransport,
    private readonly getAccessToken: () => Promise<string>,
  ) {}

  /** A client signing in with the provider's settings from `config` (keys such as `graphsync:clientId`) and `env`. */
  static create(config: Readonly<Record<string, string>>, env: Readonly<Record<string, string | undefined>>): ProbeClient {
    const settings = resolveSettings({ get: (key) => config[key] }, env);
    const tokens = createAccessTokenSource(settings);
    const getAccessToken = () => tokens.getAccessToken();
    const origin = new URL(settings.graphEndpoint).origin;
    const graph = new GraphClient({ graphEndpoint: settings.graphEndpoint, getAccessToken, consistencyWindowMs: 0 });
    const transport = new AxiosTransport({ origin, maxResponseBytes: DEFAULTS.maxResponseBytes, maxRequestBytes: DEFAULTS.maxRequestBytes });
    return new ProbeClient(graph, transport, getAccessToken);
  }

  /** PUTs `pairs` as the provider does; `undefined` when Graph took them, else the provider's error (a refusal). */
  async put(servicePrincipalId: string, pairs: readonly SecretPair[]): Promise<GraphRequestError | undefined> {
    try {
      await this.graph.putSecrets(servicePrincipalId, "v1.0", pairs, { awaitReplication: false });
      return undefined;
    } catch (error) {
      if (error instanceof GraphRequestError && error.kind === "invalidRequest") return error;
      throw error;
    }
  }

  /** GETs the principal's secrets as the provider does: key -> value (`"*"` where Graph masks it). */
  async list(servicePrincipalId: string): Promise<Map<string, string>> {
    const pairs = await this.graph.listSecrets(servicePrincipalId, "v1.0", { awaitReplication: false });
    return new Map(pairs.map((pair) => [pair.key, pair.value]));
  }

  /** One request, no retry: Graph's answer as it came. `path` is relative to `/v1.0`. */
  async raw(method: "GET" | "PUT" | "POST" | "DELETE", path: string, body?: unknown): Promise<RawAnswer> {
    const token = await this.getAccessToken();
    const headers = { Authorization: `Bearer ${token}`, Accept: "application/json", "User-Agent": `${DEFAULTS.userAgent} live-check`, "Content-Type": "application/json" };
    // The transport's type names the provider's two methods; the directory calls need POST and DELETE as well.
    const request = { method: method as "GET", target: `/v1.0${path}`, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }), timeoutMs: DEFAULTS.attemptTimeoutMs };
    const result = await this.transport.send(request);
    if (result.type === "failure") throw new Error(`${method} ${path} got no answer (${result.code}).`);
    const { code, innerCode } = parseGraphErrorBody(result.body);
    return { status: result.status, headers: result.headers, body: result.body, ...(code && { code }), ...(innerCode && { innerCode }) };
  }

  /** A raw PUT of secrets. */
  putRaw(servicePrincipalId: string, pairs: readonly SecretPair[]): Promise<RawAnswer> {
    return this.raw("PUT", `/servicePrincipals/${servicePrincipalId}/synchronization/secrets`, { value: pairs });
  }
}
