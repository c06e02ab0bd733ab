import type * as pulumi from "@pulumi/pulumi";
import type { GraphApiVersion } from "../types";
import type { UnknownValue } from "./unknown";

/**
 * The declared secrets in canonical form: secret key name -> the exact string sent to Graph, keys in sorted order.
 * JSON-valued keys hold canonical JSON. (The public property is `credentials`; inside, they are declared secrets,
 * never to be confused with the Azure credential that signs in.)
 */
export type DeclaredSecrets = Readonly<Record<string, string>>;

/** One `{ key, value }` pair as Graph sends and receives it; Graph answers `"*"` for values it masks. */
export interface SecretPair {
  /** The secret key name. */ readonly key: string;
  /** The wire value. */ readonly value: string;
}

/** What the engine stores for a resource (outputs, and the checked inputs outside a preview). */
export interface SynchronizationSecretsState {
  /** The service principal's object id as a lowercase GUID. */ servicePrincipalId: string;
  /** The declared secrets in canonical form (marked secret by the resource). */ credentials: DeclaredSecrets;
  /** The sorted names of the declared keys; not secret, so plans show which keys are managed. */ keys: string[];
  /** The Graph API version of every call. */ apiVersion: GraphApiVersion;
}

/**
 * The checked inputs. Outside a preview they are a complete {@link SynchronizationSecretsState}. In a preview, what
 * is not known yet is the unknown marker: `servicePrincipalId` or `apiVersion` itself, the whole `credentials` (and
 * then `keys`) when the key set is unknown, or single values of `credentials`. (`string | UnknownValue` reads as
 * `string` to the compiler; the marker is documented, not enforced.)
 */
export type CheckedState =
  | SynchronizationSecretsState
  | {
      servicePrincipalId: string;
      credentials: DeclaredSecrets | UnknownValue;
      keys: string[] | UnknownValue;
      apiVersion: GraphApiVersion | UnknownValue;
    };

/** A check failure as Pulumi reports it; the reason names properties and keys, never a value. */
export type CheckFailure = pulumi.dynamic.CheckFailure;
