import { CREDENTIAL_LABELS, type ConsideredCredential } from "../credentialPlan";
import { type SettingName, settingKeys } from "../settingsCatalogue";

/** The `name` of a {@link NoUsableCredentialError}. */
export const NoUsableCredentialErrorName = "NoUsableCredentialError";

// Settings that are "missing" only in the sense that the credential is opt-in; they are not listed as gaps.
const OPT_IN_SWITCHES: ReadonlySet<SettingName> = new Set(["useMsi", "useCli"]);

/** What a {@link NoUsableCredentialError} reports. */
export interface NoUsableCredentialDetails {
  /** Our own credentials looked at, in order. */
  readonly considered: readonly ConsideredCredential[];
  /** The setting that demanded a credential which could not be built (`useOidc` = true). */
  readonly demandedBy?: SettingName;
  /** The DefaultAzureCredential members that were tried and were unavailable, e.g. `EnvironmentCredential`. */
  readonly defaultChainTried?: readonly string[];
  /** The redacted error that ended the search. */
  readonly cause?: Error;
}

/**
 * No credential could be built or none was available. The message lists what was tried, in order, and which
 * settings are missing together with every key each can be set with. It never holds a value.
 */
export class NoUsableCredentialError extends Error {
  /** Our own credentials looked at, in order. */
  readonly considered: readonly ConsideredCredential[];
  /** Every setting named as missing, each once; the opt-in switches (`useMsi`, `useCli`) are not counted. */
  readonly missingSettings: readonly SettingName[];
  /** The DefaultAzureCredential members that were tried. */
  readonly defaultChainTried: readonly string[];

  /**
   * @param details - What was tried and why it failed.
   */
  constructor(details: NoUsableCredentialDetails) {
    const missingSettings = [
      ...new Set(details.considered.flatMap((entry) => entry.missing).filter((name) => !OPT_IN_SWITCHES.has(name))),
    ];
    super(describe(details, missingSettings), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = NoUsableCredentialErrorName;
    this.considered = details.considered;
    this.missingSettings = missingSettings;
    this.defaultChainTried = details.defaultChainTried ?? [];
  }
}

function describe(details: NoUsableCredentialDetails, missingSettings: readonly SettingName[]): string {
  const lines = [
    details.demandedBy === undefined
      ? "No usable credential for Microsoft Graph. Tried, in order:"
      : `${details.demandedBy} is true, but no such credential can be built. Tried, in order:`,
  ];
  for (const entry of details.considered) {
    const label = CREDENTIAL_LABELS[entry.kind];
    if (entry.disabledBy !== undefined) {
      lines.push(`  - ${label}: turned off by ${entry.disabledBy} = false`);
    } else {
      const needs = entry.missing.map((name) => (OPT_IN_SWITCHES.has(name) ? `${name} = true` : name));
      lines.push(`  - ${label}: needs ${needs.join(", ")}`);
    }
  }
  if (details.defaultChainTried !== undefined) {
    const members = details.defaultChainTried.length > 0 ? details.defaultChainTried.join(", ") : "no member";
    lines.push(`  - ${CREDENTIAL_LABELS.defaultChain}: ${members} unavailable`);
  }
  if (missingSettings.length > 0) {
    lines.push("Missing settings, and where each can be set (first match wins):");
    for (const name of missingSettings) {
      lines.push(`  - ${name}: ${settingKeys(name).join(", ")}`);
    }
  }
  lines.push("See the configuration table in the README of pulumi-graph-sync.");
  return lines.join("\n");
}
