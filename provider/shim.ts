import type * as pulumi from "@pulumi/pulumi";

/**
 * The dynamic provider that Pulumi serializes into every resource's state as `__provider`.
 *
 * This module's `module.exports` IS the provider object, and it is published as the package subpath
 * `pulumi-graph-sync/shim`. Pulumi's closure serializer recognises a captured value that is the exports of an
 * installed package's module and writes it as `require("pulumi-graph-sync/shim")` instead of serializing it by
 * value. So the state holds a few hundred bytes that never change between releases, and the provider process
 * always runs the implementation installed next to the program: upgrading the package also fixes `refresh`
 * and `destroy` of resources already in state, without forcing an update.
 *
 * Each method loads the implementation by package name at call time, so the shim works the same when a
 * serializer falls back to capturing it by value (a program that imports this package from its own source
 * tree instead of an installed copy). Do not reference anything outside the method bodies here.
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
