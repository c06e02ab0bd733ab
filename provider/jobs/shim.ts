import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider Pulumi stores in every `SynchronizationJob`'s state: this module's exports, serialized as
 * `require("pulumi-graph-sync/job-shim")`, so it always runs the installed runtime (see docs/architecture.md).
 * Reference nothing outside the method bodies: each loads the runtime by package name, in case the shim is captured by
 * value.
 *
 * @internal
 */
const synchronizationJobProvider: pulumi.dynamic.ResourceProvider = {
  configure: (req) => require("pulumi-graph-sync/job-runtime").configure(req),
  check: (olds, news) => require("pulumi-graph-sync/job-runtime").check(olds, news),
  diff: (id, olds, news) => require("pulumi-graph-sync/job-runtime").diff(id, olds, news),
  create: (inputs) => require("pulumi-graph-sync/job-runtime").create(inputs),
  read: (id, props) => require("pulumi-graph-sync/job-runtime").read(id, props),
  update: (id, olds, news) => require("pulumi-graph-sync/job-runtime").update(id, olds, news),
  delete: (id, props) => require("pulumi-graph-sync/job-runtime").delete(id, props),
};

export = synchronizationJobProvider;
