import { settingKeys, type SettingName } from "../settings/catalogue";
import { CREDENTIAL_LABELS, type ConsideredCredential, type CredentialKind } from "../settings/credentialPlan";

/** The `name` of an {@link AuthenticationFailedError}. */
export const AuthenticationFailedErrorName = "AuthenticationFailedError";
/** The `name` of a {@link NoUsableCredentialError}. */
export const NoUsableCredentialErrorName = "NoUsableCredentialError";
/** The `name` of an {@link OidcTokenRequestError}. */
export const OidcTokenRequestErrorName = "OidcTokenRequestError";

/** What an {@link AuthenticationFailedError} reports. All fields are free of secrets. */
export interface AuthenticationFailureDetails {
  /** The credential that was used. */ readonly credential: CredentialKind;
  /** The tenant signed in to, when known. */ readonly tenantId?: string;
  /** The application (client) ID, when known. */ readonly clientId?: string;
  /** The Entra error code, e.g. `AADSTS7000215`, when Entra sent one. */ readonly entraCode?: string;
  /** The OAuth error, e.g. `invalid_client`, when Entra sent one. */ readonly oauthError?: string;
  /** What the code means. */ readonly meaning?: string;
  /** What to do about it. */ readonly action?: string;
  /** Entra's or the credential's own description, sanitized, first line only. */ readonly description?: string;
  /** The sanitized error chain. */ readonly cause?: Error;
}

/**
 * Microsoft Entra refused to issue a token (or the credential failed while asking). The message names the tenant,
 * the client ID, the Entra error code with its meaning and what to do; never a secret.
 */
export class AuthenticationFailedError extends Error {
  /** The credential that was used. */ readonly credential: CredentialKind;
  /** The tenant, when known. */ readonly tenantId?: string;
  /** The application (client) ID, when known. */ readonly clientId?: string;
  /** The Entra error code, when Entra sent one. */ readonly entraCode?: string;
  /** The OAuth error, when Entra sent one. */ readonly oauthError?: string;

  /** @param details - what failed, free of secrets */
  constructor(details: AuthenticationFailureDetails) {
    const who = [details.clientId && `client ${details.clientId}`, details.tenantId && `tenant ${details.tenantId}`].filter(Boolean);
    const code = [details.entraCode, details.oauthError].filter(Boolean).join(" ");
    const message =
      `Authentication failed with the ${CREDENTIAL_LABELS[details.credential]}` +
      (who.length > 0 ? ` (${who.join(", ")})` : "") +
      (code !== "" ? `: ${code}` : "") +
      (details.meaning !== undefined ? `, ${details.meaning}` : "") +
      "." +
      (details.action !== undefined ? ` To fix: ${details.action}.` : "") +
      (details.description ? ` Reported: ${details.description}` : "");
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = AuthenticationFailedErrorName;
    this.credential = details.credential;
    // Optional facts are set only when known, so the error prints without a row of undefined fields.
    for (const field of ["tenantId", "clientId", "entraCode", "oauthError"] as const) {
      if (details[field] !== undefined) this[field] = details[field];
    }
  }
}

/** What a {@link NoUsableCredentialError} reports. */
export interface NoUsableCredentialDetails {
  /** Our own credentials looked at, in order. */ readonly considered: readonly ConsideredCredential[];
  /** The setting that demanded a credential which could not be built (`useOidc` = true). */ readonly demandedBy?: SettingName;
  /** The DefaultAzureCredential members that were tried and were unavailable, e.g. `EnvironmentCredential`. */
  readonly defaultChainTried?: readonly string[];
  /** The sanitized error that ended the search. */ readonly cause?: Error;
}

// Settings that are "missing" only in the sense that the credential is opt-in; they are not listed as gaps.
const OPT_IN_SWITCHES: ReadonlySet<SettingName> = new Set(["useMsi", "useCli"]);

/**
 * No credential could be built or none was available. The message lists what was tried, in order, and which settings
 * are missing together with every key each can be set with. It never holds a value.
 */
export class NoUsableCredentialError extends Error {
  /** Our own credentials looked at, in order. */ readonly considered: readonly ConsideredCredential[];
  /** Every setting named as missing, each once; the opt-in switches (`useMsi`, `useCli`) are not counted. */
  readonly missingSettings: readonly SettingName[];
  /** The DefaultAzureCredential members that were tried. */ readonly defaultChainTried: readonly string[];

  /** @param details - what was tried and why it failed */
  constructor(details: NoUsableCredentialDetails) {
    const missing = [...new Set(details.considered.flatMap((entry) => entry.missing).filter((name) => !OPT_IN_SWITCHES.has(name)))];
    const lines = [
      details.demandedBy === undefined
        ? "No usable credential for Microsoft Graph. Tried, in order:"
        : `${details.demandedBy} is true, but no such credential can be built. Tried, in order:`,
      ...details.considered.map((entry) =>
        entry.disabledBy !== undefined
          ? `  - ${CREDENTIAL_LABELS[entry.kind]}: turned off by ${entry.disabledBy} = false`
          : `  - ${CREDENTIAL_LABELS[entry.kind]}: needs ${entry.missing.map((name) => (OPT_IN_SWITCHES.has(name) ? `${name} = true` : name)).join(", ")}`,
      ),
    ];
    if (details.defaultChainTried !== undefined) {
      const members = details.defaultChainTried.length > 0 ? details.defaultChainTried.join(", ") : "no member";
      lines.push(`  - ${CREDENTIAL_LABELS.defaultChain}: ${members} unavailable`);
    }
    if (missing.length > 0) {
      lines.push("Missing settings, and where each can be set (first match wins):");
      lines.push(...missing.map((name) => `  - ${name}: ${settingKeys(name).join(", ")}`));
    }
    lines.push("See the configuration table in the README of pulumi-graph-sync.");
    super(lines.join("\n"), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = NoUsableCredentialErrorName;
    this.considered = details.considered;
    this.missingSettings = missing;
    this.defaultChainTried = details.defaultChainTried ?? [];
  }
}

/**
 * The federated (OIDC) token could not be fetched from the CI system's token endpoint (GitHub Actions, Azure
 * Pipelines). The message names the endpoint without its query string and the setting it came from.
 */
export class OidcTokenRequestError extends Error {
  /** The HTTP status the endpoint answered, when it answered. */ readonly statusCode?: number;
  /** The endpoint's origin and path. */ readonly endpoint: string;

  /**
   * @param message - what failed and what to check, free of tokens
   * @param details - the endpoint (origin and path), the status, and the sanitized cause
   */
  constructor(message: string, details: { endpoint: string; statusCode?: number; cause?: Error }) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = OidcTokenRequestErrorName;
    this.endpoint = details.endpoint;
    if (details.statusCode !== undefined) this.statusCode = details.statusCode;
  }
}
