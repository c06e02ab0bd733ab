import {
  checkInputs,
  diffSecrets,
  mergeRefresh,
  planClear,
  planWrite,
  secretsResourceId,
  type CheckFailure,
  type CheckedState,
  type SynchronizationSecretsState,
  type WritePlan,
} from "../secrets";
import type { ProviderContext } from "./providerContext";
import { tellUser } from "./userMessages";

/** The engine's view of a resource's inputs or outputs: our state plus its own `__provider`. */
type EngineProperties = Record<string, unknown>;

/** Pulumi's `CheckResult`. */
export interface CheckResult {
  inputs?: CheckedState;
  failures?: CheckFailure[];
}

/** Pulumi's `DiffResult`. */
export interface DiffResult {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** Pulumi's `CreateResult`. */
export interface CreateResult {
  id: string;
  outs: SynchronizationSecretsState;
}

/** Pulumi's `ReadResult`: no `id` means the resource is gone. */
export interface ReadResult {
  id?: string;
  props?: SynchronizationSecretsState;
  inputs?: SynchronizationSecretsState;
}

/** Pulumi's `UpdateResult`. */
export interface UpdateResult {
  outs: SynchronizationSecretsState;
}

/**
 * Validates and normalizes the inputs. Pure: runs in previews with no credentials and makes no call.
 */
export function check(context: ProviderContext, news: EngineProperties): CheckResult {
  const outcome = checkInputs(news, { defaultApiVersion: context.settings.apiVersion });
  if (outcome.failures.length > 0 || !outcome.state) {
    return { failures: outcome.failures };
  }
  return { inputs: outcome.state };
}

/** Compares the stored outputs with the checked new inputs. Pure. */
export function diff(olds: EngineProperties, news: EngineProperties): DiffResult {
  const result = diffSecrets(stateOf(olds), news);
  // Create the new principal's secrets before clearing the old one's: the default order, stated for clarity.
  return { changes: result.changes, replaces: result.replaces, deleteBeforeReplace: false };
}

/** Writes every declared key with one PUT. */
export async function create(context: ProviderContext, inputs: EngineProperties): Promise<CreateResult> {
  const state = stateOf(inputs);
  const plan = planWrite(undefined, state.credentials);
  await context.graph.putSecrets(state.servicePrincipalId, state.apiVersion, plan.pairs, { retryNotFound: true });
  return { id: secretsResourceId(state.servicePrincipalId), outs: state };
}

/**
 * Reads the service principal's secrets and merges the declared keys into state. A principal that no longer exists
 * removes the resource from state. The refreshed state is returned as inputs too, so a refresh leaves no phantom diff.
 */
export async function read(context: ProviderContext, id: string, props: EngineProperties): Promise<ReadResult> {
  const state = stateOf(props);
  const pairs = await readOrGone(context, state);
  if (pairs === undefined) {
    tellUser(`service principal ${state.servicePrincipalId} no longer exists; its synchronization secrets leave the stack`);
    return {};
  }
  const refreshed = mergeRefresh(state.credentials, pairs);
  if (refreshed.missing.length > 0) {
    tellUser(
      `${keyList(refreshed.missing)} missing on service principal ${state.servicePrincipalId}; the next update writes ` +
        `${refreshed.missing.length === 1 ? "it" : "them"} again`,
    );
  }
  if (refreshed.drifted.length > 0) {
    tellUser(
      `${keyList(refreshed.drifted)} changed outside Pulumi on service principal ${state.servicePrincipalId}; the next ` +
        `update writes the declared ${refreshed.drifted.length === 1 ? "value" : "values"} again`,
    );
  }
  const next: SynchronizationSecretsState = { ...state, credentials: refreshed.credentials, keys: refreshed.keys };
  return { id, props: next, inputs: next };
}

/** Writes the added and changed keys and clears the removed ones, all in one PUT (none when nothing changed). */
export async function update(context: ProviderContext, olds: EngineProperties, news: EngineProperties): Promise<UpdateResult> {
  const previous = stateOf(olds);
  const next = stateOf(news);
  const plan = planWrite(previous.credentials, next.credentials);
  if (plan.pairs.length > 0) {
    await context.graph.putSecrets(next.servicePrincipalId, next.apiVersion, plan.pairs, { retryNotFound: true });
  }
  warnAboutClearedJsonKeys(plan, next.servicePrincipalId);
  return { outs: next };
}

/** Clears every managed key with one PUT. A principal that no longer exists counts as deleted. */
export async function deleteSecrets(context: ProviderContext, props: EngineProperties): Promise<void> {
  const state = stateOf(props);
  const plan = planClear(state.credentials);
  if (plan.pairs.length === 0) {
    return;
  }
  try {
    await context.graph.putSecrets(state.servicePrincipalId, state.apiVersion, plan.pairs, { retryNotFound: false });
  } catch (error) {
    if (isNotFound(error)) {
      return;
    }
    throw error;
  }
  warnAboutClearedJsonKeys(plan, state.servicePrincipalId);
}

async function readOrGone(context: ProviderContext, state: SynchronizationSecretsState) {
  try {
    return await context.graph.listSecrets(state.servicePrincipalId, state.apiVersion, { retryNotFound: false });
  } catch (error) {
    if (isNotFound(error)) {
      return undefined;
    }
    throw error;
  }
}

function warnAboutClearedJsonKeys(plan: WritePlan, servicePrincipalId: string): void {
  if (plan.clearedJsonKeys.length > 0) {
    tellUser(
      `warning: ${keyList(plan.clearedJsonKeys)} set to "{}" on service principal ${servicePrincipalId}: ` +
        `Graph cannot remove a JSON-valued key, so it stays with an empty value`,
    );
  }
}

function keyList(keys: readonly string[]): string {
  return keys.length === 1 ? `key ${keys[0]}` : `keys ${keys.join(", ")}`;
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && (error as { status?: unknown }).status === 404;
}

/** The engine hands back what `check` produced (inputs) or what we returned (outputs), plus `__provider`. */
function stateOf(properties: EngineProperties): SynchronizationSecretsState {
  return {
    servicePrincipalId: properties["servicePrincipalId"] as string,
    credentials: properties["credentials"] as SynchronizationSecretsState["credentials"],
    keys: properties["keys"] as string[],
    apiVersion: properties["apiVersion"] as SynchronizationSecretsState["apiVersion"],
  };
}
