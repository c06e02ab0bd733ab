import { randomUUID } from "node:crypto";
import {
  checkBeliefValue, checkJsonKeyRule, ErrorEcho, JsonEmptyObjectEffect, JsonEmptyStringEffect, JsonKeyRule,
  JsonValueOnRead, PermissionDeniedAnswer, PutSemantics, PutSuccessStatus, ReplicationAnswer, ThrottledRequestCost,
} from "./beliefs";
import { CLOUD_PROFILES, CloudName, DEFAULT_FEDERATED_AUDIENCE } from "./clouds";
import { DEFAULT_JSON_VALUED_KEYS, DEFAULT_MASKED_KEYS } from "./directory/secretCatalogue";
import { EmulatorControlError } from "./emulatorControlError";
import { ThrottleSettings } from "./types";

/**
 * Settings that may change while the emulator runs (`emulator.configure`, `PATCH /_emulator/behaviour`). Most are
 * beliefs about Graph that the sources do not settle; `readings.ts` lists each reading with its source.
 */
export interface EmulatorBehaviour {
  /** Items per GET page before `@odata.nextLink`. Default 100. */
  readonly pageSize: number;
  /** Replication window of service principals created without their own. Default 0. */
  readonly replicationDelayMs: number;
  /** What a principal answers during its replication window (unless created with its own). Default 404. */
  readonly replicationAnswer: ReplicationAnswer;
  /** Keys GET answers as `"*"`. Default: see `DEFAULT_MASKED_KEYS`. */
  readonly maskedKeys: readonly string[];
  /** Keys whose value must be a JSON object. Default: SyncNotificationSettings. */
  readonly jsonValuedKeys: readonly string[];
  /** What `""` does to a JSON-valued key. Default "rejected" (400 UnknownError, as observed). */
  readonly jsonEmptyString: JsonEmptyStringEffect;
  /** What `"{}"` does to a JSON-valued key. Default "kept" (as observed). */
  readonly jsonEmptyObject: JsonEmptyObjectEffect;
  /** Per-key exceptions to `jsonEmptyString` / `jsonEmptyObject`, e.g. `{ Domain: { emptyString: "removes" } }`. */
  readonly jsonKeyRules: Readonly<Record<string, Partial<JsonKeyRule>>>;
  /** Whether GET returns a JSON value as written or normalized. Default "as-written". */
  readonly jsonValueOnRead: JsonValueOnRead;
  /** What PUT does to the keys it does not list. Default "merge". */
  readonly putSemantics: PutSemantics;
  /** Status of a successful PUT. Default 204 (documented). */
  readonly putSuccessStatus: PutSuccessStatus;
  /** Whether error answers repeat part of a request's secret pairs. Default "none". */
  readonly errorEcho: ErrorEcho;
  /** Whether a throttled request still takes a token. Default "nothing". */
  readonly throttledRequestCost: ThrottledRequestCost;
  /** Whether Application.ReadWrite.OwnedBy (and ownership of the principal) may GET secrets. Default true. */
  readonly ownedByReadsSecrets: boolean;
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

/** The behaviour every emulator starts with unless told otherwise: today's readings of Graph. */
export const DEFAULT_BEHAVIOUR: EmulatorBehaviour = {
  pageSize: 100,
  replicationDelayMs: 0,
  replicationAnswer: "404-not-found",
  maskedKeys: DEFAULT_MASKED_KEYS,
  jsonValuedKeys: DEFAULT_JSON_VALUED_KEYS,
  jsonEmptyString: "rejected",
  jsonEmptyObject: "kept",
  jsonKeyRules: {},
  jsonValueOnRead: "as-written",
  putSemantics: "merge",
  putSuccessStatus: 204,
  errorEcho: "none",
  throttledRequestCost: "nothing",
  ownedByReadsSecrets: true,
  permissionDenied: "401-unknown-error",
  tokenLifetimeSeconds: 3599,
};

const BEHAVIOUR_KEYS = new Set(Object.keys(DEFAULT_BEHAVIOUR));

function checkStrings(name: string, value: unknown): void {
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw new EmulatorControlError(`'${name}' must be an array of key names.`);
  }
}

function checkNumber(name: string, value: unknown, minimum: number): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < minimum) {
    throw new EmulatorControlError(`'${name}' must be a number >= ${minimum}.`);
  }
}

/**
 * Checks behaviour changes before they apply: unknown setting names and values that are not a reading are refused
 * with an EmulatorControlError naming the setting, so a misspelt reading never silently leaves the default in place.
 */
export function checkBehaviourChanges(changes: Readonly<Record<string, unknown>>): void {
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (!BEHAVIOUR_KEYS.has(name)) throw new EmulatorControlError(`'${name}' is not a behaviour setting.`);
    switch (name) {
      case "pageSize":
        checkNumber(name, value, 1);
        break;
      case "replicationDelayMs":
        checkNumber(name, value, 0);
        break;
      case "tokenLifetimeSeconds":
        checkNumber(name, value, 1);
        break;
      case "maskedKeys":
      case "jsonValuedKeys":
        checkStrings(name, value);
        break;
      case "jsonKeyRules":
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
          throw new EmulatorControlError("'jsonKeyRules' must be an object of key name to rule.");
        }
        for (const [key, rule] of Object.entries(value)) checkJsonKeyRule(key, rule);
        break;
      default:
        checkBeliefValue(name as Parameters<typeof checkBeliefValue>[0], value);
    }
  }
}

/** Applies defaults in one place. `env` is a parameter so tests can resolve without touching process.env. */
export function resolveEmulatorOptions(
  options: EmulatorOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedEmulatorOptions {
  const { port, tenantId, cloud, graphAudience, federatedAudience, latencyMs, throttle, caDirectory, ...behaviour } =
    options;
  checkBehaviourChanges(behaviour);
  const profile = cloud === undefined ? undefined : CLOUD_PROFILES[cloud];
  const defined = Object.fromEntries(Object.entries(behaviour).filter(([, value]) => value !== undefined));
  return {
    ...DEFAULT_BEHAVIOUR,
    ...defined,
    maskedKeys: [...(behaviour.maskedKeys ?? DEFAULT_BEHAVIOUR.maskedKeys)],
    jsonValuedKeys: [...(behaviour.jsonValuedKeys ?? DEFAULT_BEHAVIOUR.jsonValuedKeys)],
    port: port ?? 0,
    tenantId: tenantId ?? randomUUID(),
    cloud,
    graphAudience: (graphAudience ?? profile?.graphAudience)?.replace(/\/+$/, ""),
    federatedAudience: federatedAudience ?? profile?.federatedAudience ?? DEFAULT_FEDERATED_AUDIENCE,
    latencyMs: latencyMs ?? 0,
    throttle: throttle ?? null,
    caDirectory: caDirectory ?? (env["PGS_EMULATOR_CA_DIR"] || undefined),
  };
}

/** The behaviour part of resolved options. */
export function behaviourOf(options: ResolvedEmulatorOptions): EmulatorBehaviour {
  return Object.fromEntries(
    Object.keys(DEFAULT_BEHAVIOUR).map((key) => [key, options[key as keyof EmulatorBehaviour]]),
  ) as unknown as EmulatorBehaviour;
}
