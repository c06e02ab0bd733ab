import type * as pulumi from "@pulumi/pulumi";
import type { GraphApiVersion } from "../types";
import type { WithUnknowns } from "./unknown";

/** The declared secrets (the public `credentials`, kept apart from the Azure credential): key -> wire string, sorted. */
export type DeclaredSecrets = Readonly<Record<string, string>>;

/** One `{ key, value }` pair as Graph sends and receives it; Graph answers `"*"` for values it masks. */
export type SecretPair = { readonly key: string; readonly value: string };

/** What the engine stores for a resource (outputs, and the checked inputs outside a preview). */
export interface SynchronizationSecretsState {
  /** The service principal's object id as a lowercase GUID. */ servicePrincipalId: string;
  /** The declared secrets in canonical form (marked secret by the resource). */ credentials: DeclaredSecrets;
  /** The sorted names of the declared keys; not secret, so plans show which keys are managed. */ keys: string[];
  /** The Graph API version of every call. */ apiVersion: GraphApiVersion;
  /** Present (true) when the resource opted in to key names this release does not know. */ allowUnknownKeys?: true;
  /** The synchronization job Graph tests the credentials through before each write (`validateWith`). */ validateWith?: string;
  /** Whether that job waits for these credentials and is started once they are saved. */ startsJob?: boolean;
}

/** The checked inputs: the state, where in a preview any part may still be unknown. */
export type CheckedState = WithUnknowns<SynchronizationSecretsState>;

/** A check failure as Pulumi reports it; the reason names properties and keys, never a value. */
export type CheckFailure = pulumi.dynamic.CheckFailure;
