import type * as pulumi from "@pulumi/pulumi";
import { configureProcess, settings } from "../lifecycle/providerProcess";
import { checkJobInputs } from "./checkJobInputs";
import { diffJob } from "./jobPlan";
import type { CheckedJobInputs, JobInputs, SynchronizationJobState } from "./state";

/** The Graph side, required on first use so a preview never loads it (or axios, or `@azure/identity`). */
const lifecycle = (): typeof import("./jobLifecycle") => require("./jobLifecycle") as typeof import("./jobLifecycle");

/**
 * The `SynchronizationJob` runtime (`pulumi-graph-sync/job-runtime`), Pulumi's own contract. It shares the process's
 * settings, Graph client and per-principal turns with the secrets runtime; `check` and `diff` are pure.
 */
const jobRuntime: pulumi.dynamic.ResourceProvider<CheckedJobInputs, SynchronizationJobState> = {
  /** Receives the stack configuration, the same as the secrets runtime's. */
  async configure(request) {
    configureProcess(request.config);
  },

  /** Validates and normalizes the inputs; pure, so previews run it with no credential and no call. */
  async check(_olds, news) {
    const outcome = checkJobInputs(news, settings().apiVersion);
    return outcome.inputs === undefined ? { failures: outcome.failures } : { inputs: outcome.inputs };
  },

  /** Another principal or template replaces the job (the old one deleted first); other inputs update it. Pure. */
  async diff(_id, olds, news) {
    return diffJob(olds, news);
  },

  /** Creates (or adopts) the job and starts it unless it waits for credentials or is declared disabled. */
  async create(inputs) {
    return lifecycle().createJob(inputs as JobInputs);
  },

  /** Reads the job; one gone removes the resource from the stack. */
  async read(id, props) {
    return lifecycle().readJob(id, props as SynchronizationJobState);
  },

  /** Starts, pauses or restarts the job as the change of inputs asks. */
  async update(_id, olds, news) {
    return lifecycle().updateJob(olds, news as JobInputs);
  },

  /** Deletes the job. */
  async delete(_id, props) {
    await lifecycle().deleteJob(props);
  },
};

export = jobRuntime;
