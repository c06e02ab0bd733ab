import { printable, sanitizedCause } from "../diagnostics/sanitizer";
import { secretValuesOf, type CredentialPlan } from "../settings/credentialPlan";
import { AuthenticationFailedError, NoUsableCredentialError, OidcTokenRequestError } from "./errors";

/** What an Entra (AADSTS) or MSAL error code means and what to do about it. */
type Explanation = { readonly meaning: string; readonly action: string };

/** [code, meaning, action] of the codes app-only sign-ins meet (Entra's error code reference); others show Entra's text. */
const ENTRA_CODES: ReadonlyMap<string, Explanation> = new Map(
  ([
    ["7000215", "the client secret is not valid for this application",
      "use the secret's Value (not its Secret ID) of a current secret of this app registration"],
    ["7000222", "the client secret has expired", "create a new client secret on the app registration and update clientSecret"],
    ["700016", "the application was not found in the tenant",
      "check clientId and tenantId, and that the cloud setting matches the tenant's cloud"],
    ["700011", "the application was not found in the tenant", "check clientId and tenantId"],
    ["7000112", "the application is disabled", "enable the application (or its service principal) in Microsoft Entra"],
    ["90002", "the tenant was not found",
      "check tenantId, and that the cloud setting matches the tenant's cloud (national-cloud tenants exist only there)"],
    ["900023", "the tenant identifier is neither a GUID nor a verified domain", "check tenantId"],
    ["90038", "the tenant belongs to a national cloud", "set cloud (graphsync:cloud or ARM_ENVIRONMENT) to the tenant's cloud"],
    ["500011", "the requested resource (Microsoft Graph of the configured cloud) is not known in the tenant",
      "check the cloud setting: tokens must be requested from and for the tenant's own cloud"],
    ["700027", "the client assertion failed signature validation",
      "upload the certificate's public part to the app registration, or check clientCertificatePath (or clientCertificate) holds it"],
    ["700024", "the federated token is not within its valid time range",
      "use a fresh token (oidcRequestUrl or a refreshed oidcTokenFilePath rather than a fixed oidcToken) and check the clock"],
    ["70021", "no federated identity credential matches the presented token",
      "add a federated credential whose issuer, subject and audience match the token"],
    ["700211", "no federated identity credential matches the token's issuer", "add a federated credential with the token's issuer"],
    ["700212", "no federated identity credential matches the token's audience",
      "give the federated credential the audience requested (oidcAudience), or change oidcAudience"],
    ["700213", "no federated identity credential matches the token's subject",
      "add a federated credential for the subject Entra reports (repository, branch or environment)"],
    ["53003", "a Conditional Access policy blocked the sign-in",
      "ask a tenant administrator to review the policies that apply to this workload identity"],
    ["70011", "the requested scope is not valid", "check cloud and graphEndpoint: the scope is <the cloud's Graph>/.default"],
  ] as const).map(([code, meaning, action]) => [code, { meaning, action }]),
);

/** MSAL's own codes that hide Entra's answer (a foreign authority's OpenID configuration could not be read). */
const MSAL_CODES: ReadonlyMap<string, Explanation> = new Map([
  ["endpoints_resolution_error", {
    meaning: "the tenant's OpenID configuration could not be read from the authority",
    action:
      "check tenantId and authorityHost (or cloud); for a custom authority also that it is reachable and its TLS " +
      "certificate trusted (NODE_EXTRA_CA_CERTS)",
  }],
]);

const MAX_CHAIN = 6;
const MAX_DESCRIPTION = 400;

/** What a credential threw, as our error, free of secrets; MSAL's are recognised by `name` (it may be loaded twice). */
export function translateTokenFailure(error: unknown, plan: CredentialPlan): Error {
  const chain = errorChain(error);
  // Our own, thrown by the OIDC token request inside the credential, already says everything.
  const own = chain.map((entry) => entry.record).find((record) => record instanceof OidcTokenRequestError);
  if (own !== undefined) return own;
  const secrets = secretValuesOf(plan);
  const cause = sanitizedCause(error, secrets);
  const top = chain[0];
  if (plan.kind === "defaultChain" && (top?.name === "CredentialUnavailableError" || top?.name === "AggregateAuthenticationError")) {
    return new NoUsableCredentialError({ considered: plan.considered, defaultChainTried: chainMembers(top), cause });
  }
  const entraCode = findEntraCode(chain);
  const explanation = entraCode === undefined ? findMsalExplanation(chain) : ENTRA_CODES.get(entraCode);
  const oauthError = first(chain, (entry) => {
    const response = entry.record["errorResponse"] as { error?: unknown } | undefined;
    const code = entry.name === "ServerError" ? entry.record["errorCode"] : response?.error;
    return typeof code === "string" && /^[a-z_]+$/.test(code) ? code : undefined;
  });
  const certificateHint = "clientCertificatePath or clientCertificate must hold the certificate and its private key (PFX or PEM)";
  const { tenantId, clientId } = plan as { tenantId?: string; clientId?: string };
  return new AuthenticationFailedError({
    credential: plan.kind === "unavailable" ? "defaultChain" : plan.kind,
    tenantId,
    clientId,
    entraCode: entraCode === undefined ? undefined : `AADSTS${entraCode}`,
    oauthError,
    meaning: explanation?.meaning,
    action: explanation?.action ?? (plan.kind === "clientCertificate" ? certificateHint : undefined),
    description: findDescription(chain, secrets),
    cause,
  });
}

/** One error of a cause chain, its name and message read defensively. */
type ErrorLike = { readonly name: string; readonly message: string; readonly record: Readonly<Record<string, unknown>> };

function errorChain(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  for (let current = error; typeof current === "object" && current !== null && chain.length < MAX_CHAIN; ) {
    const record = current as Record<string, unknown>;
    const { name, message } = record;
    chain.push({ name: typeof name === "string" ? name : "Error", message: typeof message === "string" ? message : "", record });
    current = record["cause"];
  }
  return chain.length === 0 && error !== undefined ? [{ name: "Error", message: String(error), record: {} }] : chain;
}

/** What `pick` finds in the first entry of the chain that has it. */
const first = <T>(chain: readonly ErrorLike[], pick: (entry: ErrorLike) => T | undefined): T | undefined =>
  chain.map(pick).find((found) => found !== undefined);

/** The DefaultAzureCredential members named in an aggregate's inner errors, e.g. `EnvironmentCredential`. */
function chainMembers(entry: ErrorLike): string[] {
  const inner = Array.isArray(entry.record["errors"]) ? (entry.record["errors"] as unknown[]) : [entry.record];
  const names = inner.map((item) => {
    const message = typeof item === "object" && item !== null ? (item as Record<string, unknown>)["message"] : undefined;
    return typeof message === "string" ? /^(\w+Credential)\b/.exec(message)?.[1] : undefined;
  });
  return [...new Set(names.filter((name): name is string => name !== undefined))];
}

/** The AADSTS number: MSAL's `errorNo`, the identity error response's `errorCodes`, or else the text. */
function findEntraCode(chain: readonly ErrorLike[]): string | undefined {
  const structured = first(chain, (entry) => {
    const response = entry.record["errorResponse"] as { errorCodes?: unknown } | undefined;
    const candidates = [entry.record["errorNo"], Array.isArray(response?.errorCodes) ? response.errorCodes[0] : undefined];
    const code = candidates.find((value) => (typeof value === "string" || typeof value === "number") && /^\d+$/.test(String(value)));
    return code === undefined ? undefined : String(code);
  });
  return structured ?? first(chain, (entry) => /AADSTS(\d+)/.exec(entry.message)?.[1]);
}

/** An explanation of MSAL's own error code (`errorCode` or the message's leading `code:`), when it has one. */
function findMsalExplanation(chain: readonly ErrorLike[]): Explanation | undefined {
  return first(chain, (entry) => {
    const errorCode = entry.record["errorCode"];
    const code = typeof errorCode === "string" ? errorCode : /^([a-z_]+):/.exec(entry.message)?.[1];
    return code === undefined ? undefined : MSAL_CODES.get(code);
  });
}

/** Entra's description (MSAL's "Description: ..." or the identity error response), else the first message; scrubbed. */
function findDescription(chain: readonly ErrorLike[], secrets: readonly string[]): string | undefined {
  const text =
    first(chain, (entry) => {
      const response = entry.record["errorResponse"] as { errorDescription?: unknown } | undefined;
      // indexOf, not a lazy pattern: a hostile authority's message must not make this quadratic.
      const at = entry.message.indexOf("Description: ");
      const described = at < 0 ? undefined : entry.message.slice(at + 13).split(" - Correlation ID:", 1)[0];
      return described ?? (typeof response?.errorDescription === "string" ? response.errorDescription : undefined);
    }) ?? chain.map((entry) => entry.message).find((message) => message.trim() !== "");
  const firstLine = text?.replace(/^AADSTS\d+:\s*/, "").split(/\r?\n|Trace ID:/)[0]?.trim();
  return firstLine ? printable(firstLine, MAX_DESCRIPTION, secrets) : undefined;
}

