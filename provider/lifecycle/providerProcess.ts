/**
 * What one dynamic-provider process holds once for both resource types (the engine runs and configures them in one
 * process): the stack configuration, the settings resolved from it, and the Graph client (one credential, one token).
 *
 * @packageDocumentation
 */
import type { GraphClient } from "../graph/client";
import { describeCredentialPlan } from "../settings/credentialPlan";
import type { ConfigSource } from "../settings/lookup";
import { resolveSettings, type ProviderSettings } from "../settings/providerSettings";
import { watchEngine } from "./engineWatch";

let config: ConfigSource = { get: () => undefined };
let resolved: { readonly settings: ProviderSettings; readonly key: string } | undefined;
let client: { readonly graph: GraphClient; readonly settingsKey: string } | undefined;
let watching = false;

/** Takes the stack configuration `configure` receives and resolves the settings at once, so a bad setting fails here. */
export function configureProcess(next: ConfigSource): void {
  const previous = resolved?.key;
  config = next;
  resolved = undefined;
  resolve(previous);
}

/** The settings and their text; their warnings are told once per process and settings, not once per resource type. */
function resolve(previousKey?: string): { readonly settings: ProviderSettings; readonly key: string } {
  if (resolved === undefined) {
    const current = resolveSettings(config, process.env);
    resolved = { settings: current, key: JSON.stringify(current) };
    if (resolved.key !== previousKey) for (const warning of current.warnings) tellUser(warning);
  }
  return resolved;
}

/** The provider settings, resolved once from the stack configuration and the environment. Pure. */
export const settings = (): ProviderSettings => resolve().settings;

/** The process's one Graph client, built on first use (a preview never loads axios or `@azure/identity`) while the settings stay the same. */
export function graph(): GraphClient {
  const { settings: current, key: settingsKey } = resolve();
  if (client?.settingsKey === settingsKey) return client.graph;
  const { createAccessTokenSource } = require("../auth/tokenSource") as typeof import("../auth/tokenSource");
  const { GraphClient: Client } = require("../graph/client") as typeof import("../graph/client");
  const { createDebugLogger } = require("../diagnostics/debugLogger") as typeof import("../diagnostics/debugLogger");
  const logger = createDebugLogger(current.debug);
  // Where each setting came from, by key name: the first question when a pipeline signs in as the wrong app.
  const sources = Object.entries(current.sources).map(([name, key]) => `${name} from ${key}`);
  logger.log(
    `settings: cloud ${current.cloud}, Graph ${current.graphEndpoint}, authority ${current.authorityHost}` +
      `${sources.length > 0 ? ` (${sources.join(", ")})` : ""}; credential: ${describeCredentialPlan(current.credential)}`,
  );
  const tokens = createAccessTokenSource(current);
  // From the first Graph operation on: a provider whose CLI was killed must not keep writing.
  if (!watching) watchEngine();
  watching = true;
  const { graphEndpoint, operationTimeoutMs, consistencyWindowMs } = current;
  const built = new Client({ graphEndpoint, operationTimeoutMs, consistencyWindowMs, getAccessToken: () => tokens.getAccessToken(), logger });
  client = { graph: built, settingsKey };
  return built;
}

/** Tells the user on stderr, which the engine shows on the stack: so each message names the principal, never a value. */
export function tellUser(message: string): void {
  process.stderr.write(`graphsync: ${message}\n`);
}

/** The result, or `undefined` on Graph's own not-found error (kind `notFound`); any other 404 (a proxy's) stays an error. */
export async function ignoringNotFound<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if ((error as { kind?: unknown } | undefined)?.kind === "notFound") return undefined;
    throw error;
  }
}
