/**
 * What the live check needs, read from environment variables. The app that runs it signs in as the provider does: the
 * provider's own variables (`AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`, a certificate, OIDC, ...;
 * README "Configuration"), and the `GRAPHSYNC_LIVE_*` variables below for the rest.
 */

/** A problem with the check's own setup: a variable missing or malformed. Names the variable, never a value. */
export class LiveCheckSetupError extends Error {
  override readonly name = "LiveCheckSetupError";
}

/** One more app, for the questions about `Application.ReadWrite.OwnedBy`. */
export interface OwnedByApp {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The check's options, defaults applied. */
export interface LiveCheckOptions {
  /** The throwaway service principal it writes to (its object id): it must hold no keys but the check's own. */
  readonly servicePrincipalId: string;
  /** Stack-config keys (`graphsync:...`) for the provider's settings; the environment supplies the rest. */
  readonly config: Readonly<Record<string, string>>;
  /** The environment the provider's settings are read from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether it may create an application and its principal, to meet a principal seconds old (and delete them). */
  readonly createPrincipal: boolean;
  /** An app with only `Application.ReadWrite.OwnedBy` that owns the throwaway principal, if given. */
  readonly ownedBy?: OwnedByApp;
  /** How many writes the throttling question may spend; 0 leaves it unanswered. */
  readonly throttleBudget: number;
  /** How long to wait for a new principal to stop answering as one that replicates, ms. */
  readonly replicationTimeoutMs: number;
}

/** The variables, with what each means: printed by `npm run test:live -- --help` and documented in the README. */
export const LIVE_VARIABLES: Readonly<Record<string, string>> = {
  GRAPHSYNC_LIVE_SERVICE_PRINCIPAL_ID: "required: the object id of a throwaway service principal your app owns or may write to",
  GRAPHSYNC_LIVE_CLOUD: "optional: the cloud (public, usgovernment, usgovernmentdod, china, custom); default public",
  GRAPHSYNC_LIVE_GRAPH_ENDPOINT: "optional, with cloud custom: the Graph endpoint",
  GRAPHSYNC_LIVE_AUTHORITY_HOST: "optional, with cloud custom: the Entra authority host",
  GRAPHSYNC_LIVE_CREATE_PRINCIPAL: "optional: true to create (and delete) an application and its service principal, which needs Application.ReadWrite.OwnedBy",
  GRAPHSYNC_LIVE_OWNED_BY_CLIENT_ID: "optional: a second app with only Application.ReadWrite.OwnedBy, an owner of the throwaway principal",
  GRAPHSYNC_LIVE_OWNED_BY_CLIENT_SECRET: "optional: that app's client secret",
  GRAPHSYNC_LIVE_THROTTLE_BUDGET: "optional: how many writes the throttling question may spend (0, the default, skips it)",
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the options from `env`; a `LiveCheckSetupError` names what is missing or malformed. */
export function liveOptionsFromEnvironment(env: Readonly<Record<string, string | undefined>>): LiveCheckOptions {
  const read = (name: string): string | undefined => env[name]?.trim() || undefined;
  const servicePrincipalId = read("GRAPHSYNC_LIVE_SERVICE_PRINCIPAL_ID");
  if (servicePrincipalId === undefined || !GUID.test(servicePrincipalId)) {
    throw new LiveCheckSetupError("GRAPHSYNC_LIVE_SERVICE_PRINCIPAL_ID must be the object id (a GUID) of a throwaway service principal.");
  }
  const config: Record<string, string> = {};
  for (const [variable, key] of [
    ["GRAPHSYNC_LIVE_CLOUD", "graphsync:cloud"],
    ["GRAPHSYNC_LIVE_GRAPH_ENDPOINT", "graphsync:graphEndpoint"],
    ["GRAPHSYNC_LIVE_AUTHORITY_HOST", "graphsync:authorityHost"],
  ] as const) {
    const value = read(variable);
    if (value !== undefined) config[key] = value;
  }
  const ownedByClientId = read("GRAPHSYNC_LIVE_OWNED_BY_CLIENT_ID");
  const ownedBySecret = read("GRAPHSYNC_LIVE_OWNED_BY_CLIENT_SECRET");
  if ((ownedByClientId === undefined) !== (ownedBySecret === undefined)) {
    throw new LiveCheckSetupError("Set both GRAPHSYNC_LIVE_OWNED_BY_CLIENT_ID and GRAPHSYNC_LIVE_OWNED_BY_CLIENT_SECRET, or neither.");
  }
  const budget = read("GRAPHSYNC_LIVE_THROTTLE_BUDGET") ?? "0";
  if (!/^\d{1,5}$/.test(budget)) throw new LiveCheckSetupError("GRAPHSYNC_LIVE_THROTTLE_BUDGET must be a whole number of writes.");
  return {
    servicePrincipalId: servicePrincipalId.toLowerCase(),
    config,
    env,
    createPrincipal: /^(true|1|yes)$/i.test(read("GRAPHSYNC_LIVE_CREATE_PRINCIPAL") ?? ""),
    ...(ownedByClientId !== undefined && ownedBySecret !== undefined ? { ownedBy: { clientId: ownedByClientId, clientSecret: ownedBySecret } } : {}),
    throttleBudget: Number(budget),
    replicationTimeoutMs: 120_000,
  };
}
