import { AxiosTransport } from "./axiosTransport";
import {
  resolveGraphClientSettings,
  type GraphClientOptions,
  type GraphClientSettings,
  type SecretsCallOptions,
} from "./graphClientOptions";
import type { GraphCall, OperationBudget } from "./graphCall";
import { RequestRunner } from "./requestRunner";
import { parseSecretsPage, type SecretPair } from "./secretsPage";
import { isSecretsPath, nextLinkTarget, secretsPath, type GraphApiVersion } from "./secretsPath";
import { ThrottleGate } from "./throttleGate";

export type { GraphClientOptions, SecretsCallOptions } from "./graphClientOptions";
export type { SecretPair } from "./secretsPage";
export type { GraphApiVersion } from "./secretsPath";

// Paging of at most 45 keys never needs this many pages; a server that keeps linking on is broken.
const MAX_PAGES = 100;

/**
 * The Microsoft Graph client of a provider process: writes and reads a service principal's synchronization secrets.
 * Create one per process. It owns one axios instance bound to the Graph origin and one throttle gate shared by all
 * its calls; it retries what is transient (429, 503, 504, broken connections, attempt timeouts, and a 404 while a new
 * service principal replicates) within a per-operation deadline. Every failure is a `GraphRequestError`.
 */
export class GraphClient {
  readonly #settings: GraphClientSettings;
  readonly #runner: RequestRunner;

  /**
   * @param options - endpoint, token source, timeouts, retry policy, logger; see {@link GraphClientOptions}
   * @throws TypeError or RangeError for invalid options
   */
  constructor(options: GraphClientOptions) {
    this.#settings = resolveGraphClientSettings(options);
    const transport =
      options.transport ??
      new AxiosTransport({
        origin: this.#settings.origin,
        maxResponseBytes: this.#settings.maxResponseBytes,
        maxRequestBytes: this.#settings.maxRequestBytes,
      });
    const gate = new ThrottleGate({ enabled: this.#settings.retry.throttleGate });
    this.#runner = new RequestRunner(this.#settings, transport, gate);
  }

  /** The Graph origin the client talks to. */
  get origin(): string {
    return this.#settings.origin;
  }

  /**
   * Writes secrets: `PUT /{apiVersion}/servicePrincipals/{id}/synchronization/secrets` with `{"value": pairs}`.
   * Graph upserts the listed keys; a key sent with `""` is removed.
   *
   * @param servicePrincipalId - the service principal's object id
   * @param apiVersion - `v1.0` or `beta`
   * @param pairs - the keys and their wire values
   * @param options - 404 retry and cancellation
   * @throws GraphRequestError for every failure
   */
  async putSecrets(
    servicePrincipalId: string,
    apiVersion: GraphApiVersion,
    pairs: ReadonlyArray<{ key: string; value: string }>,
    options: SecretsCallOptions = {},
  ): Promise<void> {
    const target = secretsPath(apiVersion, servicePrincipalId);
    const value = pairs.map((pair, index) => {
      // The message names the position only: a value must not reach a message even when it has the wrong type.
      if (typeof pair.key !== "string" || typeof pair.value !== "string") {
        throw new TypeError(`pairs[${index}] must have a string key and a string value.`);
      }
      return { key: pair.key, value: pair.value };
    });
    const call: GraphCall = {
      method: "PUT",
      target,
      body: JSON.stringify({ value }),
      servicePrincipalId,
      retryNotFound: this.#retriesNotFound(target, options),
      sensitiveValues: value.map((pair) => pair.value),
    };
    await this.#runner.run(call, this.#budget(call.retryNotFound, options));
  }

  /**
   * Reads secrets: `GET /{apiVersion}/servicePrincipals/{id}/synchronization/secrets`, following `@odata.nextLink`
   * as long as it stays on the Graph origin. Graph masks sensitive values as `"*"`.
   *
   * @param servicePrincipalId - the service principal's object id
   * @param apiVersion - `v1.0` or `beta`
   * @param options - 404 retry and cancellation
   * @returns the pairs of all pages, in Graph's order
   * @throws GraphRequestError for every failure
   */
  async listSecrets(
    servicePrincipalId: string,
    apiVersion: GraphApiVersion,
    options: SecretsCallOptions = {},
  ): Promise<SecretPair[]> {
    const firstTarget = secretsPath(apiVersion, servicePrincipalId);
    const retryNotFound = this.#retriesNotFound(firstTarget, options);
    const budget = this.#budget(retryNotFound, options);
    const pairs: SecretPair[] = [];
    const visited = new Set<string>();
    let target: string | undefined = firstTarget;
    while (target !== undefined) {
      visited.add(target);
      const call: GraphCall = {
        method: "GET",
        target,
        servicePrincipalId,
        retryNotFound: retryNotFound && isSecretsPath(target),
        sensitiveValues: [],
      };
      const completed = await this.#runner.run(call, budget);
      const page = parseSecretsPage(completed.response.body);
      if ("problem" in page) {
        throw this.#runner.unexpectedResponse(call, budget, completed, page.problem);
      }
      pairs.push(...page.pairs);
      if (page.nextLink === undefined) {
        target = undefined;
        continue;
      }
      target = nextLinkTarget(page.nextLink, this.#settings.origin);
      if (target === undefined) {
        const problem = `the next-page link leaves the Graph origin ${this.#settings.origin} and was not followed`;
        throw this.#runner.unexpectedResponse(call, budget, completed, problem);
      }
      if (visited.has(target) || visited.size >= MAX_PAGES) {
        throw this.#runner.unexpectedResponse(call, budget, completed, "the next-page links do not come to an end");
      }
    }
    return pairs;
  }

  #retriesNotFound(target: string, options: SecretsCallOptions): boolean {
    return (options.retryNotFound ?? true) && isSecretsPath(target);
  }

  #budget(retryNotFound: boolean, options: SecretsCallOptions): OperationBudget {
    const startedAt = Date.now();
    return {
      startedAt,
      deadlineAt: startedAt + this.#settings.operationTimeoutMs,
      notFoundUntil: retryNotFound ? startedAt + this.#settings.consistencyWindowMs : startedAt,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    };
  }
}
