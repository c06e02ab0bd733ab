import { DEFAULTS } from "../defaults";
import { sanitizedCause } from "../diagnostics/sanitizer";
import { OidcTokenRequestError } from "./errors";

/** Where and how to ask a CI system for a federated token. */
export type OidcTokenRequesterOptions = {
  /** The endpoint (`ACTIONS_ID_TOKEN_REQUEST_URL`, `SYSTEM_OIDCREQUESTURI` or their replacement). */
  readonly requestUrl: string;
  /** Bearer token for the endpoint (GitHub's request token, or the pipeline's `System.AccessToken`). */
  readonly requestToken: string;
  /** The key the URL came from, for messages. */
  readonly urlSource: string;
  /** Per-request budget; default 30 s. */
  readonly timeoutMs?: number;
} & (
  | { /** `GET <url>&audience=<audience>`, token in `value`. */ readonly style: "githubActions"; readonly audience: string }
  | {
      /** `POST <url>?api-version=7.1&serviceConnectionId=<id>`, token in `oidcToken`. */
      readonly style: "azurePipelines";
      readonly serviceConnectionId: string;
    }
);

const AZURE_PIPELINES_API_VERSION = "7.1";

/**
 * Fetches a fresh federated token from the CI system for every call. Federated tokens live minutes, so one is
 * requested per token exchange, never cached. The request goes to the configured URL only: redirects are refused,
 * since they would carry the bearer token elsewhere.
 */
export class OidcTokenRequester {
  private readonly options: OidcTokenRequesterOptions;

  /**
   * @param options - The endpoint, its bearer token and the request style.
   */
  constructor(options: OidcTokenRequesterOptions) {
    this.options = options;
  }

  /** Requests a new federated token. */
  async requestToken(): Promise<string> {
    const { url, init, field } = this.request();
    const endpoint = `${url.origin}${url.pathname}`;
    const timeoutMs = this.options.timeoutMs ?? DEFAULTS.oidcRequestTimeoutMs;
    let response: Response;
    try {
      response = await fetch(url, { ...init, redirect: "error", signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new OidcTokenRequestError(
        `Could not reach the OIDC token endpoint ${endpoint} (from ${this.options.urlSource}).`,
        { endpoint, ...this.cause(error) },
      );
    }
    const body = await response.text().catch(() => "");
    if (!response.ok) {
      throw new OidcTokenRequestError(
        `The OIDC token endpoint ${endpoint} (from ${this.options.urlSource}) answered HTTP ${response.status}. ` +
          this.hint(),
        { endpoint, statusCode: response.status },
      );
    }
    const token = readField(body, field);
    if (token === undefined) {
      throw new OidcTokenRequestError(
        `The OIDC token endpoint ${endpoint} (from ${this.options.urlSource}) answered without a token in "${field}".`,
        { endpoint, statusCode: response.status },
      );
    }
    return token;
  }

  private request(): { url: URL; init: RequestInit; field: string } {
    const options = this.options;
    const headers: Record<string, string> = {
      Authorization: `Bearer ${options.requestToken}`,
      Accept: "application/json",
    };
    if (options.style === "githubActions") {
      const url = withQuery(options.requestUrl, { audience: options.audience });
      return { url, init: { method: "GET", headers }, field: "value" };
    }
    const url = withQuery(options.requestUrl, {
      "api-version": AZURE_PIPELINES_API_VERSION,
      serviceConnectionId: options.serviceConnectionId,
    });
    // Without this header Azure DevOps answers an expired System.AccessToken with a sign-in redirect, not a 401.
    headers["X-TFS-FedAuthRedirect"] = "Suppress";
    headers["Content-Type"] = "application/json";
    return { url, init: { method: "POST", headers }, field: "oidcToken" };
  }

  private hint(): string {
    return this.options.style === "githubActions"
      ? "In GitHub Actions the job needs `permissions: id-token: write`, and the request token must be current."
      : "In Azure Pipelines map `SYSTEM_ACCESSTOKEN: $(System.AccessToken)` into the step and check the service " +
          "connection ID and its workload identity federation.";
  }

  private cause(error: unknown): { cause?: Error } {
    const cause = sanitizedCause(error, [this.options.requestToken]);
    return cause === undefined ? {} : { cause };
  }
}

// Appends to the query as written: re-serializing it through URLSearchParams could change how the CI system's own
// parameters are encoded.
function withQuery(base: string, parameters: Readonly<Record<string, string>>): URL {
  const query = Object.entries(parameters)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join("&");
  return new URL(`${base}${base.includes("?") ? "&" : "?"}${query}`);
}

function readField(body: string, field: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === "object" && parsed !== null) {
      const value: unknown = (parsed as Record<string, unknown>)[field];
      return typeof value === "string" && value !== "" ? value : undefined;
    }
  } catch {
    // Not JSON: reported as "without a token" by the caller.
  }
  return undefined;
}
