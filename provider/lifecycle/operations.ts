/**
 * The provider runtime (`pulumi-graph-sync/runtime`): Pulumi's own contract, typed with the checked inputs and the stored
 * outputs. One of everything per process: one configuration and its settings, one token source and one Graph client.
 *
 * @packageDocumentation
 */
import type * as pulumi from "@pulumi/pulumi";
import { checkInputs } from "../core/checkInputs";
import { diffState, planClear, planWrite, type WritePlan } from "../core/plan";
import { mergeRefresh } from "../core/refresh";
import { secretsResourceId } from "../core/servicePrincipalId";
import type { CheckedState, SynchronizationSecretsState } from "../core/state";
import type { GraphClient } from "../graph/client";
import { describeCredentialPlan } from "../settings/credentialPlan";
import type { ConfigSource } from "../settings/lookup";
import { resolveSettings, type ProviderSettings } from "../settings/providerSettings";
import { watchEngine } from "./engineWatch";

let config: ConfigSource = { get: () => undefined };
let resolved: ProviderSettings | undefined;
let client: GraphClient | undefined;

const runtime: pulumi.dynamic.ResourceProvider<CheckedState, SynchronizationSecretsState> = {
  /** Receives the stack configuration (the whole stack's, namespaced keys), once per provider process. */
  async configure(request) {
    config = request.config;
    client = undefined;
    // Resolved now, so a certificate its password does not open or a file that cannot be read fails here, by name.
    resolved = undefined;
    settings();
  },

  /** Validates and normalizes the inputs: the one place they are validated. Pure: previews run it, no call. */
  async check(_olds, news) {
    const outcome = checkInputs(news, settings().apiVersion);
    for (const { property, reason } of outcome.warnings ?? []) tellUser(`warning: ${property} ${reason}`);
    return outcome.state === undefined ? { failures: outcome.failures } : { inputs: outcome.state };
  },

  /** The stored outputs against the checked inputs. Pure. The new principal is written before the old is cleared. */
  async diff(_id, olds, news) {
    return { ...diffState(olds, news), deleteBeforeReplace: false };
  },

  /** Writes every declared key with one PUT. */
  async create(inputs) {
    const state = inputs as SynchronizationSecretsState;
    await write(state, planWrite(undefined, state.credentials));
    return { id: secretsResourceId(state.servicePrincipalId), outs: state };
  },

  /** Merges a GET into state (a principal gone removes the resource), returned as inputs too: no phantom diff. */
  async read(id, props) {
    const state = props as SynchronizationSecretsState;
    const pairs = await ignoringNotFound(() => graph().listSecrets(state.servicePrincipalId, state.apiVersion, { awaitReplication: false }));
    const principal = `service principal ${state.servicePrincipalId}`;
    if (pairs === undefined) {
      tellUser(`${principal} no longer exists; its synchronization secrets leave the stack`);
      return {};
    }
    const refreshed = mergeRefresh(state.credentials, pairs);
    const { missing, drifted } = refreshed;
    if (missing.length > 0) {
      tellUser(`${keyList(missing)} missing on ${principal}; the next update writes ${missing.length === 1 ? "it" : "them"} again`);
    }
    if (drifted.length > 0) {
      const values = drifted.length === 1 ? "value" : "values";
      tellUser(`${keyList(drifted)} changed outside Pulumi on ${principal}; the next update writes the declared ${values} again`);
    }
    const next = { ...state, credentials: refreshed.credentials, keys: refreshed.keys };
    return { id, props: next, inputs: next };
  },

  /** Writes every declared key and clears the removed ones, all in one PUT (none when the declared secrets are unchanged). */
  async update(_id, olds, news) {
    const state = news as SynchronizationSecretsState;
    await write(state, planWrite(olds.credentials, state.credentials));
    return { outs: state };
  },

  /** Clears every managed key with one PUT. A principal Graph says no longer exists counts as deleted, and is named. */
  async delete(_id, props) {
    const cleared = await ignoringNotFound(() => write(props, planClear(props.credentials), false).then(() => true));
    if (cleared === undefined) {
      tellUser(`service principal ${props.servicePrincipalId} no longer exists; there were no synchronization secrets left to clear`);
    }
  },
};

export = runtime;

/** The provider settings, resolved once from the stack configuration and the environment. Pure but for the warnings. */
function settings(): ProviderSettings {
  if (resolved === undefined) {
    resolved = resolveSettings(config, process.env);
    // Once per provider process, so on every preview and up: where tokens go that only an opt-in let through.
    for (const warning of resolved.warnings) tellUser(warning);
  }
  return resolved;
}

/** The process's one Graph client; required here, on first use, so a preview never loads axios or `@azure/identity`. */
function graph(): GraphClient {
  if (client === undefined) {
    const current = settings();
    const { createAccessTokenSource } = require("../auth/tokenSource") as typeof import("../auth/tokenSource");
    const { GraphClient: Client } = require("../graph/client") as typeof import("../graph/client");
    const { createDebugLogger } = require("../diagnostics/debugLogger") as typeof import("../diagnostics/debugLogger");
    const logger = createDebugLogger(current.debug);
    // Where each setting came from, by key name: the first question when a pipeline signs in as the wrong app.
    const sources = Object.entries(current.sources).map(([name, key]) => `${name} from ${key}`);
    logger.log(
      `settings: cloud ${current.cloud}, Graph ${current.graphEndpoint}, authority ${current.authorityHost}` +
        `${sources.length > 0 ? ` (${sources.join(", ")})` : ""}; credential: ${describeCredentialPlan(current.credential)}`,
    );
    const tokens = createAccessTokenSource(current);
    // From the first Graph operation on: a provider whose CLI was killed must not keep writing.
    watchEngine();
    const { graphEndpoint, operationTimeoutMs, consistencyWindowMs } = current;
    client = new Client({ graphEndpoint, operationTimeoutMs, consistencyWindowMs, getAccessToken: () => tokens.getAccessToken(), logger });
  }
  return client;
}

/** Sends a plan's PUT (none for an empty plan) and warns about the JSON-valued keys Graph keeps as `"{}"`. */
async function write(state: SynchronizationSecretsState, plan: WritePlan, awaitReplication = true): Promise<void> {
  if (plan.pairs.length === 0) return;
  await graph().putSecrets(state.servicePrincipalId, state.apiVersion, plan.pairs, { awaitReplication });
  if (plan.clearedJsonKeys.length > 0) {
    tellUser(
      `warning: ${keyList(plan.clearedJsonKeys)} set to "{}" on service principal ${state.servicePrincipalId}: ` +
        `Graph refuses "" for a JSON-valued key, so the key may stay with an empty value`,
    );
  }
}

/**
 * The result, or `undefined` when Graph says the service principal does not exist: its own not-found error (kind
 * `notFound`). Any other 404, a proxy's page for one, is an error: it does not say the principal and its secrets are gone.
 */
async function ignoringNotFound<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if ((error as { kind?: unknown } | undefined)?.kind === "notFound") return undefined;
    throw error;
  }
}

const keyList = (keys: readonly string[]): string => keys.length === 1 ? `key ${keys[0]}` : `keys ${keys.join(", ")}`;

/** Tells the user on stderr, which the engine shows on the stack: so each names the principal, never a value. */
function tellUser(message: string): void {
  process.stderr.write(`graphsync: ${message}\n`);
}
