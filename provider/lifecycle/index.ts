/**
 * The provider runtime, loaded by the serialized shim as `pulumi-graph-sync/runtime` in the dynamic-provider
 * process. One {@link ProviderContext} per process: one configuration, one credential, one Graph client.
 *
 * @packageDocumentation
 */
import * as operations from "./operations";
import { ProviderContext, type ConfigureRequest } from "./providerContext";

const context = new ProviderContext();

/** Pulumi's `configure`: receives the stack configuration once per provider process. */
export async function configure(request: ConfigureRequest): Promise<void> {
  context.configure(request);
}

/** Pulumi's `check`: validation only, no network. */
export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<operations.CheckResult> {
  return operations.check(context, news);
}

/** Pulumi's `diff`: declared keys and values against the stored outputs, no network. */
export async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<operations.DiffResult> {
  return operations.diff(olds, news);
}

/** Pulumi's `create`: one PUT of every declared key. */
export async function create(inputs: Record<string, unknown>): Promise<operations.CreateResult> {
  return operations.create(context, inputs);
}

/** Pulumi's `read` (refresh): one GET, merged into the declared keys. */
export async function read(id: string, props: Record<string, unknown>): Promise<operations.ReadResult> {
  return operations.read(context, id, props);
}

/** Pulumi's `update`: one PUT of what changed, including removals. */
export async function update(
  _id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<operations.UpdateResult> {
  return operations.update(context, olds, news);
}

/** Pulumi's `delete`: one PUT that clears every managed key. */
async function deleteResource(_id: string, props: Record<string, unknown>): Promise<void> {
  return operations.deleteSecrets(context, props);
}
export { deleteResource as delete };
