import { type CredentialPlan, secretValuesOf } from "./credentialPlan";
import { explainEntraError, explainMsalError } from "./entraErrorCodes";
import { AuthenticationFailedError } from "./errors/authenticationFailedError";
import { NoUsableCredentialError } from "./errors/noUsableCredentialError";
import { OidcTokenRequestErrorName } from "./errors/oidcTokenRequestError";
import { redactedCause, redactText } from "./redaction";

const MAX_CHAIN = 6;
const MAX_DESCRIPTION = 400;

/**
 * Turns whatever a credential threw into one of our typed errors, free of secrets: {@link NoUsableCredentialError}
 * when no credential was available, {@link AuthenticationFailedError} with the Entra code otherwise. Our own
 * OIDC request errors pass through unchanged. Errors are recognised by `name`, not `instanceof`, because MSAL and
 * @azure/identity may be loaded more than once.
 */
export function translateTokenFailure(error: unknown, plan: CredentialPlan): Error {
  const chain = errorChain(error);
  const own = chain.find((entry) => entry.name === OidcTokenRequestErrorName);
  if (own !== undefined && own.record instanceof Error) {
    return own.record;
  }
  const secrets = secretValuesOf(plan);
  const cause = redactedCause(error, secrets);
  const top = chain[0];

  if (plan.kind === "defaultChain" && top !== undefined && isUnavailable(top)) {
    return new NoUsableCredentialError({
      considered: plan.considered,
      defaultChainTried: chainMembers(top),
      ...(cause === undefined ? {} : { cause }),
    });
  }

  const entraCode = findEntraCode(chain);
  const explanation = entraCode === undefined ? findMsalExplanation(chain) : explainEntraError(entraCode);
  const oauthError = findOauthError(chain);
  const description = findDescription(chain, secrets);
  const identity = appIdentity(plan);
  return new AuthenticationFailedError({
    credential: plan.kind === "unavailable" ? "defaultChain" : plan.kind,
    ...identity,
    ...(entraCode === undefined ? {} : { entraCode: `AADSTS${entraCode}` }),
    ...(oauthError === undefined ? {} : { oauthError }),
    ...(explanation === undefined ? {} : { meaning: explanation.meaning, action: explanation.action }),
    ...(description === undefined ? {} : { description }),
    ...(explanation === undefined && plan.kind === "clientCertificate"
      ? { action: "clientCertificatePath must name a PEM file holding the certificate and its private key" }
      : {}),
    ...(cause === undefined ? {} : { cause }),
  });
}

interface ErrorLike {
  readonly name: string;
  readonly message: string;
  readonly record: Readonly<Record<string, unknown>>;
}

function errorChain(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current: unknown = error;
  while (typeof current === "object" && current !== null && chain.length < MAX_CHAIN) {
    const record = current as Record<string, unknown>;
    chain.push({
      name: typeof record.name === "string" ? record.name : "Error",
      message: typeof record.message === "string" ? record.message : "",
      record,
    });
    current = record.cause;
  }
  if (chain.length === 0 && error !== undefined) {
    chain.push({ name: "Error", message: String(error), record: {} });
  }
  return chain;
}

function isUnavailable(entry: ErrorLike): boolean {
  return entry.name === "CredentialUnavailableError" || entry.name === "AggregateAuthenticationError";
}

/** The DefaultAzureCredential members named in an aggregate's inner errors, e.g. `EnvironmentCredential`. */
function chainMembers(entry: ErrorLike): string[] {
  const inner = Array.isArray(entry.record.errors) ? (entry.record.errors as unknown[]) : [entry.record];
  const names = inner
    .map((item) => (typeof item === "object" && item !== null ? (item as Record<string, unknown>).message : undefined))
    .map((message) => (typeof message === "string" ? /^(\w+Credential)\b/.exec(message)?.[1] : undefined))
    .filter((name): name is string => name !== undefined);
  return [...new Set(names)];
}

/** The AADSTS number: MSAL's `errorNo`, the identity error response's `errorCodes`, or the text. */
function findEntraCode(chain: readonly ErrorLike[]): string | undefined {
  for (const entry of chain) {
    const errorNo = entry.record.errorNo;
    if ((typeof errorNo === "string" || typeof errorNo === "number") && /^\d+$/.test(String(errorNo))) {
      return String(errorNo);
    }
    const response = entry.record.errorResponse as { errorCodes?: unknown } | undefined;
    const first: unknown = Array.isArray(response?.errorCodes) ? response.errorCodes[0] : undefined;
    if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
      return String(first);
    }
  }
  for (const entry of chain) {
    const match = /AADSTS(\d+)/.exec(entry.message);
    if (match?.[1] !== undefined) {
      return match[1];
    }
  }
  return undefined;
}

/** An explanation of MSAL's own error code (`errorCode` or the message's leading `code:`), when it has one. */
function findMsalExplanation(chain: readonly ErrorLike[]) {
  for (const entry of chain) {
    const errorCode = entry.record.errorCode;
    const code = typeof errorCode === "string" ? errorCode : /^([a-z_]+):/.exec(entry.message)?.[1];
    const explanation = code === undefined ? undefined : explainMsalError(code);
    if (explanation !== undefined) return explanation;
  }
  return undefined;
}

/** The OAuth `error` (e.g. `invalid_client`) as MSAL's `errorCode` or the identity error response's `error`. */
function findOauthError(chain: readonly ErrorLike[]): string | undefined {
  for (const entry of chain) {
    const errorCode = entry.record.errorCode;
    if (entry.name === "ServerError" && typeof errorCode === "string" && /^[a-z_]+$/.test(errorCode)) {
      return errorCode;
    }
    const response = entry.record.errorResponse as { error?: unknown } | undefined;
    if (typeof response?.error === "string" && /^[a-z_]+$/.test(response.error)) {
      return response.error;
    }
  }
  return undefined;
}

/** Entra's description (from MSAL's "Description: ..." or the identity error response), else the first message. */
function findDescription(chain: readonly ErrorLike[], secrets: readonly string[]): string | undefined {
  let text: string | undefined;
  for (const entry of chain) {
    const response = entry.record.errorResponse as { errorDescription?: unknown } | undefined;
    const described = /Description: ([\s\S]*?)(?: - Correlation ID:|$)/.exec(entry.message)?.[1];
    text = described ?? (typeof response?.errorDescription === "string" ? response.errorDescription : undefined);
    if (text !== undefined) break;
  }
  text ??= chain.map((entry) => entry.message).find((message) => message.trim() !== "");
  if (text === undefined) {
    return undefined;
  }
  const firstLine = text
    .replace(/^AADSTS\d+:\s*/, "")
    .split(/\r?\n|Trace ID:/)[0]
    ?.trim();
  if (firstLine === undefined || firstLine === "") {
    return undefined;
  }
  const clean = redactText(firstLine, secrets);
  return clean.length > MAX_DESCRIPTION ? `${clean.slice(0, MAX_DESCRIPTION)}...` : clean;
}

function appIdentity(plan: CredentialPlan): { tenantId?: string; clientId?: string } {
  switch (plan.kind) {
    case "clientSecret":
    case "clientCertificate":
    case "oidcToken":
    case "oidcTokenFile":
    case "githubActions":
    case "azurePipelines":
      return { tenantId: plan.tenantId, clientId: plan.clientId };
    case "managedIdentity":
      return plan.clientId === undefined ? {} : { clientId: plan.clientId };
    case "azureCli":
    case "defaultChain":
      return plan.tenantId === undefined ? {} : { tenantId: plan.tenantId };
    case "unavailable":
      return {};
  }
}
