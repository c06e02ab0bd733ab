import * as pulumi from "@pulumi/pulumi";
import type { FloorPackage } from "./floorPackage";

/** The arguments of {@link FloorSecrets}: one service principal's two keys, as plain strings. */
export interface FloorSecretsArgs {
  /** Object id of the service principal written to. */
  readonly servicePrincipalId: string;
  /** The `BaseAddress` value. */
  readonly baseAddress: string;
  /** The `SecretToken` value; stored as a Pulumi secret, as any provider of this resource must. */
  readonly secretToken: string;
}

/**
 * The engine floor's resource: the same data as a `SynchronizationSecrets` with two keys, kept secret the same way,
 * on a provider that does one PUT per create, update and delete and nothing else.
 */
export class FloorSecrets extends pulumi.dynamic.Resource {
  /** The Pulumi type token of this resource. */
  static readonly pulumiType = "pulumi-nodejs:dynamic/bench:FloorSecrets";

  /**
   * Declares the floor resource.
   *
   * @param floor - the installed floor provider
   * @param name - the resource's name in the stack
   * @param args - the service principal and its two values
   */
  constructor(floor: FloorPackage, name: string, args: FloorSecretsArgs) {
    super(
      floor.provider,
      name,
      { servicePrincipalId: args.servicePrincipalId, baseAddress: args.baseAddress, secretToken: pulumi.secret(args.secretToken) },
      { additionalSecretOutputs: ["secretToken"] },
      "bench",
      "FloorSecrets",
    );
  }
}
