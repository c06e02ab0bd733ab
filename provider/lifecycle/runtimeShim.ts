import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider Pulumi stores in each resource's state: a module exporting it is stored as a `require` of its package path,
 * so state runs the installed `runtime` (docs/architecture.md). The methods load it by package name, in case the shim is
 * captured by value.
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
