import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider Pulumi stores in every resource's state: this module's exports, so it is serialized as
 * `require("pulumi-graph-sync/shim")` and always runs the installed runtime (see docs/architecture.md). Reference
 * nothing outside the method bodies: each loads the runtime by package name, in case the shim is captured by value.
 *
 * @internal
 */
const synchronizationSecretsProvider: pulumi.dynamic.ResourceProvider = {
  configure: (req) => require("pulumi-graph-sync/runtime").configure(req),
  check: (olds, news) => require("pulumi-graph-sync/runtime").check(olds, news),
  diff: (id, olds, news) => require("pulumi-graph-sync/runtime").diff(id, olds, news),
  create: (inputs) => require("pulumi-graph-sync/runtime").create(inputs),
  read: (id, props) => require("pulumi-graph-sync/runtime").read(id, props),
  update: (id, olds, news) => require("pulumi-graph-sync/runtime").update(id, olds, news),
  delete: (id, props) => require("pulumi-graph-sync/runtime").delete(id, props),
};

export = synchronizationSecretsProvider;
