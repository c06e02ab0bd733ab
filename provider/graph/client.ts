import { isGuid } from "../core/ids";
import { isPlainObject } from "../core/json";
import type { SecretPair } from "../core/state";
import { DEFAULTS, type RetryPolicy } from "../defaults";
import { silentLogger, type DebugLogger } from "../diagnostics/debugLogger";
import type { GraphApiVersion } from "../types";
import { defined } from "./errors";
import { RequestRunner, type GraphCall, type OperationBudget, type RunnerSettings } from "./runner";
import { ThrottleGate } from "./throttleGate";
import { AxiosTransport, type AttemptTransport } from "./transport";

/** Options of a {@link GraphClient}; what is not given comes from `DEFAULTS`. Settings have validated every value. */
export interface GraphClientOptions {
  /** The Graph origin, for example `https://graph.microsoft.com`, or an emulator's origin. */ graphEndpoint: string;
  /** A bearer token for the Graph endpoint; asked before every attempt (the token source caches). */ getAccessToken: () => Promise<string>;
  /** Wall-clock limit of one attempt, ms. */ attemptTimeoutMs?: number;
  /** Deadline of one operation (all attempts, waits and pages), ms. */ operationTimeoutMs?: number;
  /** How long a write waits out the answers of a principal that is still replicating, ms. */ consistencyWindowMs?: number;
  /** Overrides of single fields of the retry policy. */ retry?: Partial<RetryPolicy>;
  /** Where per-attempt debug lines go; nowhere by default. */ logger?: DebugLogger;
  /** Replaces the HTTP layer; for tests of the retry logic. */ transport?: AttemptTransport;
}

/** Options of one call. */
export interface CallOptions {
  /** Wait out a replicating principal's (or job's) answers for the consistency window (default); false where it existed. */
  awaitReplication?: boolean;
}

/** What a caller of {@link GraphClient.send} reads from a 2xx body: the value, or what is wrong with it. */
export type ParsedBody<T> = { value: T } | { problem: string };

const SECRETS_PATH = /^\/(v1\.0|beta)\/servicePrincipals\/[^/?#]+\/synchronization\/secrets$/;

/** The process's Graph client: one axios instance, one throttle gate, retries within a deadline, `GraphRequestError`s. */
export class GraphClient {
  readonly #settings: RunnerSettings;
  readonly #runner: RequestRunner;

  /** @param options - endpoint, token source, timeouts, retry policy, logger; see {@link GraphClientOptions} */
  constructor(options: GraphClientOptions) {
    const origin = new URL(options.graphEndpoint).origin;
    const retry = { ...DEFAULTS.retry, ...defined(options.retry ?? {}) };
    this.#settings = {
      origin,
      getAccessToken: options.getAccessToken,
      attemptTimeoutMs: options.attemptTimeoutMs ?? DEFAULTS.attemptTimeoutMs,
      operationTimeoutMs: options.operationTimeoutMs ?? DEFAULTS.operationTimeoutMs,
      consistencyWindowMs: options.consistencyWindowMs ?? DEFAULTS.consistencyWindowMs,
      retry,
      logger: options.logger ?? silentLogger,
    };
    const { maxResponseBytes, maxRequestBytes } = DEFAULTS;
    const transport = options.transport ?? new AxiosTransport({ origin, maxResponseBytes, maxRequestBytes });
    this.#runner = new RequestRunner(this.#settings, transport, new ThrottleGate(retry.throttleGate, DEFAULTS.throttleGateMaxWindow));
  }

  /** `PUT /{apiVersion}/servicePrincipals/{id}/synchronization/secrets` with `{"value": pairs}`, the pairs as planned. */
  async putSecrets(servicePrincipalId: string, apiVersion: GraphApiVersion, pairs: readonly SecretPair[], options: CallOptions = {}) {
    const target = `${synchronizationPath(apiVersion, servicePrincipalId)}/secrets`;
    const sensitiveValues = pairs.map((pair) => pair.value);
    const body = JSON.stringify({ value: pairs });
    const awaitReplication = options.awaitReplication ?? true;
    const call: GraphCall = { method: "PUT", target, body, servicePrincipalId, awaitReplication, sensitiveValues };
    await this.send(call, () => ({ value: undefined }));
  }

  /** `GET …/synchronization/secrets`, all pages in order; next links on the Graph origin only (others would get the token). */
  async listSecrets(servicePrincipalId: string, apiVersion: GraphApiVersion, options: CallOptions = {}): Promise<SecretPair[]> {
    const awaitReplication = options.awaitReplication ?? true;
    const budget = this.#budget(awaitReplication);
    const pairs: SecretPair[] = [];
    const visited = new Set<string>();
    for (let target: string | undefined = `${synchronizationPath(apiVersion, servicePrincipalId)}/secrets`; target !== undefined; ) {
      visited.add(target);
      // A next page's answers are waited out only on the secrets path itself.
      const awaits = awaitReplication && SECRETS_PATH.test(target.split("?", 1)[0] ?? "");
      const call: GraphCall = { method: "GET", target, servicePrincipalId, awaitReplication: awaits, sensitiveValues: [] };
      const completed = await this.#runner.run(call, budget);
      const page = parseSecretsPage(completed.response.body);
      const next = page.nextLink === undefined ? undefined : sameOriginTarget(page.nextLink, this.#settings.origin);
      const problem =
        page.problem ??
        (page.nextLink !== undefined && next === undefined
          ? `the next-page link leaves the Graph origin ${this.#settings.origin} and was not followed`
          : next !== undefined && (visited.has(next) || visited.size >= DEFAULTS.maxPages)
            ? "the next-page links do not come to an end"
            : undefined);
      if (problem !== undefined) throw this.#runner.unexpectedResponse(call, budget, completed, problem);
      pairs.push(...page.pairs);
      target = next;
    }
    return pairs;
  }

  /**
   * Runs a call built elsewhere (the jobs resource's) through this client's throttle gate, token, retries and errors,
   * and reads its 2xx body with `parse`: a `problem` becomes an `unexpectedResponse` error with the call's ids.
   */
  async send<T>(call: GraphCall, parse: (body: string) => ParsedBody<T>): Promise<T> {
    const budget = this.#budget(call.awaitReplication);
    const completed = await this.#runner.run(call, budget);
    const read = parse(completed.response.body);
    if ("problem" in read) throw this.#runner.unexpectedResponse(call, budget, completed, read.problem);
    return read.value;
  }

  #budget(awaitReplication: boolean): OperationBudget {
    const { operationTimeoutMs, consistencyWindowMs } = this.#settings;
    const startedAt = Date.now();
    const replicationUntil = startedAt + (awaitReplication ? consistencyWindowMs : 0);
    return { startedAt, deadlineAt: startedAt + operationTimeoutMs, replicationUntil };
  }
}

/** `/{version}/servicePrincipals/{id}/synchronization`; the id is checked again here, where it enters a URL path. */
export function synchronizationPath(apiVersion: GraphApiVersion, servicePrincipalId: string): string {
  if (!isGuid(servicePrincipalId)) throw new TypeError("servicePrincipalId must be the service principal's object id (a GUID).");
  return `/${apiVersion}/servicePrincipals/${servicePrincipalId}/synchronization`;
}

/** One page (`{"value":[{key,value}],"@odata.nextLink"}`) or its problem; a missing value is `""`, others JSON text. */
function parseSecretsPage(body: string): { pairs: SecretPair[]; nextLink?: string; problem?: string } {
  const fail = (problem: string) => ({ pairs: [], problem });
  let document: unknown;
  try {
    document = body.trim() === "" ? undefined : JSON.parse(body);
  } catch {
    return fail("the response body is not JSON");
  }
  if (document === undefined) return fail("the response body is empty");
  if (!isPlainObject(document)) return fail("the response body is not a JSON object");
  const { value, "@odata.nextLink": nextLink } = document;
  if (!Array.isArray(value)) return fail('the response body has no "value" array');
  const pairs: SecretPair[] = [];
  for (const item of value) {
    const { key, value: stored } = isPlainObject(item) ? item : {};
    if (typeof key !== "string") return fail('an entry of the "value" array is not a {key, value} pair');
    const text = stored === null || stored === undefined ? "" : typeof stored === "string" ? stored : jsonText(stored);
    if (text === undefined) return fail('an entry of the "value" array nests too deep to read');
    pairs.push({ key, value: text });
  }
  if (nextLink !== undefined && typeof nextLink !== "string") return fail('"@odata.nextLink" is not a string');
  return nextLink === undefined ? { pairs } : { pairs, nextLink };
}

/** A value Graph sent as JSON rather than text, as JSON text; `undefined` when it nests too deep to serialize. */
function jsonText(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    // A RangeError from the nesting: the answer is unusable, never a crash.
    return undefined;
  }
}

/** A next-page link as a target on the Graph origin, or `undefined` when it leaves that origin or is not https. */
function sameOriginTarget(link: string, origin: string): string | undefined {
  const url = URL.canParse(link) ? new URL(link) : undefined;
  const same = url?.protocol === "https:" && url.origin === origin && url.username === "" && url.password === "";
  return same ? `${url.pathname}${url.search}` : undefined;
}
