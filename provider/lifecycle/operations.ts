/**
 * The provider runtime, loaded by the serialized shim as `pulumi-graph-sync/runtime` in the dynamic-provider
 * process: Pulumi's own contract, typed with the checked inputs and the stored outputs. One {@link ProviderContext}
 * per process: one configuration, one credential, one Graph client.
 *
 * @packageDocumentation
 */
import type * as pulumi from "@pulumi/pulumi";
import { checkInputs } from "../core/checkInputs";
import { diffState, planClear, planWrite, type WritePlan } from "../core/plan";
import { mergeRefresh } from "../core/refresh";
import { secretsResourceId } from "../core/servicePrincipalId";
import type { CheckedState, SynchronizationSecretsState } from "../core/state";
import { ProviderContext } from "./providerContext";

const context = new ProviderContext();

const runtime: pulumi.dynamic.ResourceProvider<CheckedState, SynchronizationSecretsState> = {
  /** Receives the stack configuration, once per provider process. */
  async configure(request) {
    context.configure(request.config);
  },

  /** Validates and normalizes the inputs, the one place they are validated. Pure: previews run it, no call. */
  async check(_olds, news) {
    const outcome = checkInputs(news, context.settings.apiVersion);
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

  /**
   * Reads the principal's secrets and merges the declared keys into state; a principal that no longer exists removes
   * the resource. The refreshed state is returned as inputs too, so a refresh leaves no phantom diff.
   */
  async read(id, props) {
    const state = props as SynchronizationSecretsState;
    const pairs = await ignoringNotFound(() =>
      context.graph.listSecrets(state.servicePrincipalId, state.apiVersion, { retryNotFound: false }),
    );
    if (pairs === undefined) {
      tellUser(`service principal ${state.servicePrincipalId} no longer exists; its synchronization secrets leave the stack`);
      return {};
    }
    const refreshed = mergeRefresh(state.credentials, pairs);
    const principal = `on service principal ${state.servicePrincipalId}`;
    if (refreshed.missing.length > 0) {
      const them = refreshed.missing.length === 1 ? "it" : "them";
      tellUser(`${keyList(refreshed.missing)} missing ${principal}; the next update writes ${them} again`);
    }
    if (refreshed.drifted.length > 0) {
      const values = refreshed.drifted.length === 1 ? "value" : "values";
      tellUser(`${keyList(refreshed.drifted)} changed outside Pulumi ${principal}; the next update writes the declared ${values} again`);
    }
    const next = { ...state, credentials: refreshed.credentials, keys: refreshed.keys };
    return { id, props: next, inputs: next };
  },

  /** Writes the added and changed keys and clears the removed ones, all in one PUT (none when nothing changed). */
  async update(_id, olds, news) {
    const state = news as SynchronizationSecretsState;
    await write(state, planWrite(olds.credentials, state.credentials));
    return { outs: state };
  },

  /** Clears every managed key with one PUT. A principal that no longer exists counts as deleted. */
  async delete(_id, props) {
    await ignoringNotFound(() => write(props, planClear(props.credentials), false));
  },
};

export = runtime;

/** Sends a plan's PUT (none for an empty plan) and warns about the JSON-valued keys Graph keeps as `"{}"`. */
async function write(state: SynchronizationSecretsState, plan: WritePlan, retryNotFound = true): Promise<void> {
  if (plan.pairs.length === 0) {
    return;
  }
  await context.graph.putSecrets(state.servicePrincipalId, state.apiVersion, plan.pairs, { retryNotFound });
  if (plan.clearedJsonKeys.length > 0) {
    tellUser(
      `warning: ${keyList(plan.clearedJsonKeys)} set to "{}" on service principal ${state.servicePrincipalId}: ` +
        `Graph cannot remove a JSON-valued key, so it stays with an empty value`,
    );
  }
}

/** The result, or `undefined` when Graph says the service principal does not exist (404). */
async function ignoringNotFound<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof Error && (error as { status?: unknown }).status === 404) {
      return undefined;
    }
    throw error;
  }
}

function keyList(keys: readonly string[]): string {
  return keys.length === 1 ? `key ${keys[0]}` : `keys ${keys.join(", ")}`;
}

/**
 * Tells the person running Pulumi something they should know. A dynamic provider has no channel to the engine's
 * diagnostics; the engine shows what the provider process writes to stderr as a message of the stack, so every
 * message names the service principal. Key names and principal ids only, never a value.
 */
function tellUser(message: string): void {
  process.stderr.write(`graphsync: ${message}\n`);
}
