import { EmulatorCounters, RequestLogEntry, TokenFlow } from "../types";

const TOKEN_FLOWS: readonly TokenFlow[] = [
  "clientSecret", "clientCertificate", "federatedAssertion", "managedIdentity",
  "githubActionsOidc", "azurePipelinesOidc", "invalid",
];

/** Query parameters whose values are credentials, redacted before a path enters the log. */
const CREDENTIAL_PARAMETER = /secret|token|assertion|password|code|sig|key/i;

/** Removes credential-like query values from a path, keeping every parameter name. */
export function redactPath(pathWithQuery: string): string {
  const queryStart = pathWithQuery.indexOf("?");
  if (queryStart < 0) return pathWithQuery;
  const query = pathWithQuery
    .slice(queryStart + 1)
    .split("&")
    .map((pair) => {
      const [name = "", ...rest] = pair.split("=");
      const decodedName = safeDecode(name);
      // $skiptoken is a paging cursor, not a credential; keep it so tests can follow pagination in the log.
      return rest.length > 0 && CREDENTIAL_PARAMETER.test(decodedName) && decodedName !== "$skiptoken"
        ? `${name}=REDACTED`
        : pair;
    })
    .join("&");
  return `${pathWithQuery.slice(0, queryStart)}?${query}`;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The request log and counters. Bounded so a long benchmark cannot grow it without limit. */
export class RequestLog {
  readonly #entries: RequestLogEntry[] = [];
  readonly #limit: number;
  #tokenRequests = RequestLog.#emptyFlows();
  #graphRequests = new Map<string, number>();
  #graphRequestsTotal = 0;

  /** @param limit - entries kept; the oldest are dropped beyond it */
  constructor(limit = 50_000) {
    this.#limit = limit;
  }

  static #emptyFlows(): Record<TokenFlow, number> {
    return Object.fromEntries(TOKEN_FLOWS.map((flow) => [flow, 0])) as Record<TokenFlow, number>;
  }

  /** Records a finished request. */
  record(entry: RequestLogEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.#limit) this.#entries.splice(0, this.#entries.length - this.#limit);
    if (entry.surface === "graph") {
      const key = `${entry.method} ${entry.status}`;
      this.#graphRequests.set(key, (this.#graphRequests.get(key) ?? 0) + 1);
      this.#graphRequestsTotal += 1;
    }
  }

  /** Counts a token request of a flow. */
  countTokenRequest(flow: TokenFlow): void {
    this.#tokenRequests[flow] += 1;
  }

  /** A copy of the entries, oldest first. */
  entries(): RequestLogEntry[] {
    return [...this.#entries];
  }

  /** A snapshot of the counters. */
  counters(): EmulatorCounters {
    return {
      tokenRequests: { ...this.#tokenRequests },
      graphRequests: Object.fromEntries(this.#graphRequests),
      graphRequestsTotal: this.#graphRequestsTotal,
    };
  }

  /** Empties the log and zeroes the counters. */
  clear(): void {
    this.#entries.length = 0;
    this.#tokenRequests = RequestLog.#emptyFlows();
    this.#graphRequests = new Map();
    this.#graphRequestsTotal = 0;
  }
}
