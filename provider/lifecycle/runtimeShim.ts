import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider Pulumi stores in each resource's state, for the runtime at package path `runtime`. A module whose exports
 * are this object is serialized as a `require` of its own package path, so state always runs the installed runtime
 * (see docs/architecture.md). Each method loads the runtime by package name and uses nothing else from outside, in case
 * the shim is captured by value.
 *
 * @internal
 */
export function runtimeShim(runtime: string): pulumi.dynamic.ResourceProvider {
  const load = (): Required<pulumi.dynamic.ResourceProvider> => require(runtime);
  return {
    configure: (req) => load().configure(req),
    check: (olds, news) => load().check(olds, news),
    diff: (id, olds, news) => load().diff(id, olds, news),
    create: (inputs) => load().create(inputs),
    read: (id, props) => load().read(id, props),
    update: (id, olds, news) => load().update(id, olds, news),
    delete: (id, props) => load().delete(id, props),
  };
}
