import { installedPackage } from "../../test/engine/harness/toolchain";
import type { DeclareResource, SubjectName } from "./fleet";
import type { FloorPackage } from "./floorPackage";
import { FloorSecrets } from "./floorSecrets";

/**
 * How a subject declares one resource. Ours is a `SynchronizationSecrets` from the installed package, exactly as a
 * user's program declares it; the floor is the same two keys on the minimal provider.
 */
export function resourceDeclarer(subject: SubjectName, floor: FloorPackage): DeclareResource {
  if (subject === "floor") {
    return (name, declaration) => {
      new FloorSecrets(floor, name, declaration);
    };
  }
  const { SynchronizationSecrets } = installedPackage();
  return (name, declaration) => {
    new SynchronizationSecrets(name, {
      servicePrincipalId: declaration.servicePrincipalId,
      credentials: { BaseAddress: declaration.baseAddress, SecretToken: declaration.secretToken },
    });
  };
}

/** The Pulumi type token of each subject's resource, to find them in a checkpoint. */
export const RESOURCE_TYPE: Readonly<Record<SubjectName, string>> = {
  ours: "pulumi-nodejs:dynamic/graphsync:SynchronizationSecrets",
  floor: FloorSecrets.pulumiType,
};
