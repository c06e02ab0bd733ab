import type * as pulumi from "@pulumi/pulumi";
import { checkInputs } from "../core/checkInputs";
import { diffState, planClear, planWrite, validationChanged, type WritePlan } from "../core/plan";
import { keyList } from "../core/keys";
import { mergeRefresh } from "../core/refresh";
import { secretsResourceId } from "../core/ids";
import type { CheckedState, SynchronizationSecretsState } from "../core/state";
import { withPrincipalLock } from "./principalLock";
import { configureProcess, graph, ignoringNotFound, settings, tellUser } from "./providerProcess";

/** The secrets runtime (`pulumi-graph-sync/runtime`), Pulumi's own contract; every Graph operation holds its principal's turn. */
const runtime: pulumi.dynamic.ResourceProvider<CheckedState, SynchronizationSecretsState> = {
  /** Receives the stack configuration (the whole stack's, namespaced keys), once per provider process. */
  async configure(request) {
    configureProcess(request.config);
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

  /** Writes every declared key with one PUT (after Graph's credential test, with a job to validate with). */
  async create(inputs) {
    const state = inputs as SynchronizationSecretsState;
    await withPrincipalLock(state.servicePrincipalId, () => write(state, planWrite(undefined, state.credentials), { validate: true }));
    return { id: secretsResourceId(state.servicePrincipalId), outs: state };
  },

  /** Merges a GET into state (a principal gone removes the resource), returned as inputs too: no phantom diff. */
  async read(id, props) {
    const state = props as SynchronizationSecretsState;
    return withPrincipalLock(state.servicePrincipalId, () => refresh(id, state));
  },

  /** Writes every declared key and clears the removed ones, all in one PUT (none when the declared secrets are unchanged). */
  async update(_id, olds, news) {
    const state = news as SynchronizationSecretsState;
    const plan = planWrite(olds.credentials, state.credentials);
    const validate = plan.pairs.length > 0 || validationChanged(olds, state);
    await withPrincipalLock(state.servicePrincipalId, () => write(state, plan, { validate }));
    return { outs: state };
  },

  /** Clears every managed key with one PUT. A principal Graph says no longer exists counts as deleted, and is named. */
  async delete(_id, props) {
    const clear = () => put(props, planClear(props.credentials), false).then(() => true);
    const cleared = await withPrincipalLock(props.servicePrincipalId, () => ignoringNotFound(clear));
    if (cleared === undefined) {
      tellUser(`service principal ${props.servicePrincipalId} no longer exists; there were no synchronization secrets left to clear`);
    }
  },
};

export = runtime;

/** A GET merged into the state: missing keys and drifted values are told, a principal gone leaves the stack. */
async function refresh(id: string, state: SynchronizationSecretsState): Promise<pulumi.dynamic.ReadResult<SynchronizationSecretsState>> {
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
}

/** A plan's PUT; with `validate` and a job to validate with, Graph's credential test first and the waiting job's start after. */
async function write(state: SynchronizationSecretsState, plan: WritePlan, options: { validate: boolean }): Promise<void> {
  const { validateWith: jobId, servicePrincipalId, apiVersion } = state;
  if (!options.validate || jobId === undefined) return put(state, plan);
  const validation = require("../jobs/credentialValidation") as typeof import("../jobs/credentialValidation");
  const pairs = Object.entries(state.credentials).map(([key, value]) => ({ key, value }));
  await validation.validateCredentials(graph(), { servicePrincipalId, apiVersion, jobId, pairs });
  await put(state, plan);
  if (state.startsJob === true && (await validation.startWaitingJob(graph(), { servicePrincipalId, apiVersion, jobId }))) {
    tellUser(`synchronization job ${jobId} of service principal ${servicePrincipalId} started: its credentials are saved`);
  }
}

/** A plan's PUT, and the warning about the JSON-valued keys Graph keeps as `"{}"`. */
async function put(state: SynchronizationSecretsState, plan: WritePlan, awaitReplication = true): Promise<void> {
  if (plan.pairs.length === 0) return;
  await graph().putSecrets(state.servicePrincipalId, state.apiVersion, plan.pairs, { awaitReplication });
  if (plan.clearedJsonKeys.length > 0) {
    tellUser(
      `warning: ${keyList(plan.clearedJsonKeys)} set to "{}" on service principal ${state.servicePrincipalId}: ` +
        `Graph refuses "" for a JSON-valued key, so the key may stay with an empty value`,
    );
  }
}
