import type { Emulator } from "../../emulator";
import { type ProviderSettings, resolveSettings } from "../../../provider/settings/providerSettings";

/** Stack config from a record of full keys. */
export function stackConfig(values: Readonly<Record<string, string>>): { get(key: string): string | undefined } {
  return { get: (key) => values[key] };
}

/**
 * Stack config that sends Graph and Entra traffic to the emulator, standing in for its cloud: a named cloud's tokens
 * reach loopback only through the opt-in, as they would a user's proxy. The emulator also stands in for the CI
 * systems' OIDC endpoints, which are on loopback too.
 */
export function emulatorConfig(emulator: Emulator, more: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    "graphsync:cloud": emulator.cloud ?? "custom",
    "graphsync:graphEndpoint": emulator.graphEndpoint,
    "graphsync:authorityHost": emulator.authorityHost,
    ...(emulator.cloud === undefined ? {} : { "graphsync:allowNonCloudEndpoints": "true" }),
    "graphsync:allowNonCiOidcRequestUrl": "true",
    ...more,
  };
}

/** Settings as the provider process would resolve them, pointed at the emulator. */
export function emulatorSettings(
  emulator: Emulator,
  config: Readonly<Record<string, string>> = {},
  env: Readonly<Record<string, string>> = {},
): ProviderSettings {
  return resolveSettings(stackConfig(emulatorConfig(emulator, config)), env);
}

/** The claims of a JWT access token (not verified: the emulator's Graph side does that). */
export function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split(".")[1];
  if (payload === undefined) throw new Error("not a JWT");
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}

/** What Graph on the emulator answers to reading a service principal's secrets with this token. */
export async function graphStatus(emulator: Emulator, token: string, servicePrincipalId: string): Promise<number> {
  const response = await fetch(
    `${emulator.graphEndpoint}/v1.0/servicePrincipals/${servicePrincipalId}/synchronization/secrets`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  await response.arrayBuffer();
  return response.status;
}

/** Everything an error would show if logged: message, own properties and the whole cause chain. */
export function everythingShown(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth += 1) {
    if (current instanceof Error) {
      parts.push(current.name, current.message, current.stack ?? "", JSON.stringify(current));
      current = current.cause;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  return parts.join("\n");
}

/** The rejection of a promise, failing loudly if it resolved. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-error: ${String(error)}`, { cause: error });
  }
  throw new Error("expected a rejection, but the promise resolved");
}
