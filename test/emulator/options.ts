import { randomUUID } from "node:crypto";
import { CLOUD_PROFILES, CloudName, DEFAULT_FEDERATED_AUDIENCE } from "./clouds";
import { DEFAULT_JSON_VALUED_KEYS, DEFAULT_MASKED_KEYS } from "./directory/secretCatalogue";
import { PermissionDeniedAnswer, ThrottleSettings } from "./types";

/** Settings that may change while the emulator runs (`emulator.configure`). */
export interface EmulatorBehaviour {
  /** Items per GET page before `@odata.nextLink`. Default 100. */
  readonly pageSize: number;
  /** Replication window of service principals created without their own. Default 0. */
  readonly replicationDelayMs: number;
  /** Keys GET answers as `"*"`. Default: see `DEFAULT_MASKED_KEYS`. */
  readonly maskedKeys: readonly string[];
  /** Keys whose value must be a JSON object and cannot be cleared with `""`. Default: SyncNotificationSettings. */
  readonly jsonValuedKeys: readonly string[];
  /** Answer to a call without the needed permission. Default "401-unknown-error" (as observed). */
  readonly permissionDenied: PermissionDeniedAnswer;
  /** Lifetime of issued access tokens (`expires_in`). Default 3599. */
  readonly tokenLifetimeSeconds: number;
}

/** Options of `startEmulator`. Every one is optional. */
export interface EmulatorOptions extends Partial<EmulatorBehaviour> {
  /** TCP port of the HTTPS origin on 127.0.0.1. Default 0 (a free port). */
  readonly port?: number;
  /** The tenant id. Default: a random GUID. */
  readonly tenantId?: string;
  /** The cloud the emulator stands in for: sets the Graph audience it accepts and the federated audience. */
  readonly cloud?: CloudName;
  /** The `aud` Graph accepts. Default: the cloud's Graph root, or without `cloud` the emulator's own origin. */
  readonly graphAudience?: string;
  /** The audience federated credentials default to. Default: the cloud's (`api://AzureADTokenExchange`...). */
  readonly federatedAudience?: string;
  /** Latency added to every request (ms). Default 0. */
  readonly latencyMs?: number;
  /** A token bucket per app and tenant from the start. Default: none. */
  readonly throttle?: ThrottleSettings | null;
  /** Directory with `ca.pem` + `ca-key.pem` to issue the server certificate from. Default: PGS_EMULATOR_CA_DIR. */
  readonly caDirectory?: string;
}

/** Options with every default applied. */
export interface ResolvedEmulatorOptions extends EmulatorBehaviour {
  readonly port: number;
  readonly tenantId: string;
  readonly cloud: CloudName | undefined;
  /** Undefined means "the emulator's own origin", known only once it listens. */
  readonly graphAudience: string | undefined;
  readonly federatedAudience: string;
  readonly latencyMs: number;
  readonly throttle: ThrottleSettings | null;
  readonly caDirectory: string | undefined;
}

/** Applies defaults in one place. `env` is a parameter so tests can resolve without touching process.env. */
export function resolveEmulatorOptions(
  options: EmulatorOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedEmulatorOptions {
  const cloud = options.cloud;
  const profile = cloud === undefined ? undefined : CLOUD_PROFILES[cloud];
  return {
    port: options.port ?? 0,
    tenantId: options.tenantId ?? randomUUID(),
    cloud,
    graphAudience: (options.graphAudience ?? profile?.graphAudience)?.replace(/\/+$/, ""),
    federatedAudience: options.federatedAudience ?? profile?.federatedAudience ?? DEFAULT_FEDERATED_AUDIENCE,
    latencyMs: options.latencyMs ?? 0,
    throttle: options.throttle ?? null,
    caDirectory: options.caDirectory ?? (env["PGS_EMULATOR_CA_DIR"] || undefined),
    pageSize: options.pageSize ?? 100,
    replicationDelayMs: options.replicationDelayMs ?? 0,
    maskedKeys: [...(options.maskedKeys ?? DEFAULT_MASKED_KEYS)],
    jsonValuedKeys: [...(options.jsonValuedKeys ?? DEFAULT_JSON_VALUED_KEYS)],
    permissionDenied: options.permissionDenied ?? "401-unknown-error",
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3599,
  };
}
