import type { ConfigSource } from "../../../provider/settings/lookup";

/** Stack config from a plain record of full keys, as the lifecycle hands it to resolveSettings. */
export function stackConfig(values: Readonly<Record<string, string>> = {}): ConfigSource {
  return { get: (key) => values[key] };
}

/** IDs shaped like Entra's GUIDs, distinct per layer so a test can tell which one won. */
export const TENANT = {
  graphsync: "11111111-1111-4111-8111-111111111111",
  azuread: "22222222-2222-4222-8222-222222222222",
  arm: "33333333-3333-4333-8333-333333333333",
  azure: "44444444-4444-4444-8444-444444444444",
} as const;

export const CLIENT = {
  graphsync: "aaaaaaaa-1111-4111-8111-111111111111",
  azuread: "bbbbbbbb-2222-4222-8222-222222222222",
  arm: "cccccccc-3333-4333-8333-333333333333",
  azure: "dddddddd-4444-4444-8444-444444444444",
} as const;
