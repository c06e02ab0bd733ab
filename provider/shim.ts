import type * as pulumi from "@pulumi/pulumi";

/**
 * The dynamic provider Pulumi serializes into every resource's state as `__provider`. This module's `module.exports`
 * IS the provider object, published as `pulumi-graph-sync/shim`, so the closure serializer writes it as
 * `require("pulumi-graph-sync/shim")`: a few hundred bytes that never change, and the provider process always runs the
 * implementation installed next to the program (an upgrade also fixes `refresh` and `destroy` of resources in state).
 * Each method loads the runtime by package name at call time, so the shim also works when it is captured by value;
 * reference nothing outside the method bodies here. See docs/architecture.md.
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
