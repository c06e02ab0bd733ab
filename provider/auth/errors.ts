import { settingKeys, type SettingName } from "../settings/catalogue";
import { CREDENTIAL_LABELS, type ConsideredCredential, type CredentialKind } from "../settings/credentialPlan";

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

/** The fields of an {@link AuthenticationFailedError}, as documented on its details. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- see the class
export interface AuthenticationFailedError
  extends Pick<AuthenticationFailureDetails, "credential" | "tenantId" | "clientId" | "entraCode" | "oauthError"> {}

/** Entra refused a token: the message names tenant, client, the Entra code with its meaning and fix; never a secret. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class AuthenticationFailedError extends Error {
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
    this.name = "AuthenticationFailedError";
    // Optional facts are set only when known, so the error prints without a row of undefined fields.
    for (const field of ["credential", "tenantId", "clientId", "entraCode", "oauthError"] as const) {
      if (details[field] !== undefined) Object.assign(this, { [field]: details[field] });
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

/** No credential was available: the message lists what was tried and where each missing setting can be set. */
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
      ...details.considered.map((entry) => {
        const needs = entry.missing.map((name) => (OPT_IN_SWITCHES.has(name) ? `${name} = true` : name)).join(", ");
        const why = entry.disabledBy === undefined ? `needs ${needs}` : `turned off by ${entry.disabledBy} = false`;
        return `  - ${CREDENTIAL_LABELS[entry.kind]}: ${why}`;
      }),
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
    this.name = "NoUsableCredentialError";
    this.considered = details.considered;
    this.missingSettings = missing;
    this.defaultChainTried = details.defaultChainTried ?? [];
  }
}

/** No federated token from the CI system: the message names the endpoint (no query) and the key it came from. */
export class OidcTokenRequestError extends Error {
  /** The HTTP status the endpoint answered, when it answered. */ readonly statusCode?: number;
  /** The endpoint's origin and path. */ readonly endpoint: string;

  /** @param message - what failed and what to check, free of tokens */
  constructor(message: string, details: { endpoint: string; statusCode?: number; cause?: Error }) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "OidcTokenRequestError";
    this.endpoint = details.endpoint;
    if (details.statusCode !== undefined) this.statusCode = details.statusCode;
  }
}
