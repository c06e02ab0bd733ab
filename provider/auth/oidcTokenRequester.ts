import { parseJsonObject } from "../core/json";
import { DEFAULTS } from "../defaults";
import { sanitizedCause } from "../diagnostics/sanitizer";
import { OidcTokenRequestError } from "./errors";

/** Where and how to ask a CI system for a federated token. */
export type OidcTokenRequest = {
  /** The endpoint (`ACTIONS_ID_TOKEN_REQUEST_URL`, `SYSTEM_OIDCREQUESTURI` or their replacement). */ readonly requestUrl: string;
  /** Bearer token for the endpoint (GitHub's request token, or the pipeline's `System.AccessToken`). */ readonly requestToken: string;
  /** The key the URL came from, for messages. */ readonly urlSource: string;
  /** Per-request budget; 30 s by default. */ readonly timeoutMs?: number;
} & (
  | { /** `GET <url>&audience=<audience>`, token in `value`. */ readonly style: "githubActions"; readonly audience: string }
  | {
      /** `POST <url>?api-version=7.1&serviceConnectionId=<id>`, token in `oidcToken`. */ readonly style: "azurePipelines";
      readonly serviceConnectionId: string;
    }
);

/** A fresh federated token from the CI system per exchange, from the configured URL only (a redirect would carry the bearer token elsewhere). */
export async function requestOidcToken(request: OidcTokenRequest): Promise<string> {
  const github = request.style === "githubActions";
  const url = withQuery(
    request.requestUrl,
    github ? { audience: request.audience } : { "api-version": "7.1", serviceConnectionId: request.serviceConnectionId },
  );
  const headers: Record<string, string> = { Authorization: `Bearer ${request.requestToken}`, Accept: "application/json" };
  if (!github) {
    // Without this header Azure DevOps answers an expired System.AccessToken with a sign-in redirect, not a 401.
    Object.assign(headers, { "X-TFS-FedAuthRedirect": "Suppress", "Content-Type": "application/json" });
  }
  const endpoint = `${url.origin}${url.pathname}`;
  const from = `${endpoint} (from ${request.urlSource})`;
  let response: Response;
  try {
    const signal = AbortSignal.timeout(request.timeoutMs ?? DEFAULTS.oidcRequestTimeoutMs);
    response = await fetch(url, { method: github ? "GET" : "POST", headers, redirect: "error", signal });
  } catch (error) {
    const cause = sanitizedCause(error, [request.requestToken]);
    throw new OidcTokenRequestError(`Could not reach the OIDC token endpoint ${from}.`, { endpoint, ...(cause && { cause }) });
  }
  const statusCode = response.status;
  if (!response.ok) {
    // The body is never read: it is not needed, and nothing it says is shown.
    await response.body?.cancel().catch(() => undefined);
    const hint = github
      ? "In GitHub Actions the job needs `permissions: id-token: write`, and the request token must be current."
      : "In Azure Pipelines map `SYSTEM_ACCESSTOKEN: $(System.AccessToken)` into the step and check the service " +
        "connection ID and its workload identity federation.";
    throw new OidcTokenRequestError(`The OIDC token endpoint ${from} answered HTTP ${response.status}. ${hint}`, { endpoint, statusCode });
  }
  const maxBytes = DEFAULTS.maxOidcResponseBytes;
  const body = await readCapped(response, maxBytes);
  if (body === undefined) {
    const message = `The OIDC token endpoint ${from} answered with more than ${maxBytes} bytes; no token is read from it.`;
    throw new OidcTokenRequestError(message, { endpoint, statusCode });
  }
  const field = github ? "value" : "oidcToken";
  // Anything but a JSON object with the token (not JSON, a broken body) is reported as "without a token".
  const token = parseJsonObject(body)?.[field];
  if (typeof token !== "string" || token === "") {
    throw new OidcTokenRequestError(`The OIDC token endpoint ${from} answered without a token in "${field}".`, { endpoint, statusCode });
  }
  return token;
}

// Appends to the query as written: re-serializing it through URLSearchParams could change how the CI system's own
// parameters are encoded.
function withQuery(base: string, parameters: Readonly<Record<string, string>>): URL {
  const query = Object.entries(parameters).map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  return new URL(`${base}${base.includes("?") ? "&" : "?"}${query.join("&")}`);
}

/** The body as text, or `undefined` once it passes `maxBytes` (declared or received): a CI answer is never read whole. */
async function readCapped(response: Response, maxBytes: number): Promise<string | undefined> {
  const declared = Number(response.headers.get("content-length") ?? 0);
  const reader = response.body?.getReader();
  if (reader === undefined) return "";
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    if (declared > maxBytes) return undefined;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      received += chunk.value.byteLength;
      if (received > maxBytes) return undefined;
      chunks.push(chunk.value);
    }
  } catch {
    // A broken body: reported as "without a token".
    return "";
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).toString("utf8");
}
