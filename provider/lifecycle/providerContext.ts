import type { ConfigSource } from "../settings/lookup";
import { describeCredentialPlan } from "../settings/credentialPlan";
import { resolveSettings, type ProviderSettings } from "../settings/providerSettings";
import type { GraphClient } from "../graph/client";
import { watchEngine } from "./engineWatch";

const NO_CONFIG: ConfigSource = { get: () => undefined };

/**
 * What one provider process holds between calls: the stack configuration, the settings resolved from it and the
 * environment, and, created on the first call that needs Microsoft Graph, one token source and one Graph client.
 *
 * `check` and `diff` (all a preview runs) only touch {@link ProviderContext.settings}, which is pure; axios,
 * `@azure/identity` and our Graph and auth edges are loaded on first use by `create`, `read`, `update` or `delete`.
 */
export class ProviderContext {
  private config: ConfigSource = NO_CONFIG;
  private resolved: ProviderSettings | undefined;
  private client: GraphClient | undefined;

  constructor(private readonly environment: Readonly<Record<string, string | undefined>> = process.env) {}

  /** Takes the stack configuration (the whole stack's, with namespaced keys such as `graphsync:tenantId`). */
  configure(config: ConfigSource): void {
    this.config = config;
    this.resolved = undefined;
    this.client = undefined;
  }

  /** The provider settings, resolved once from the stack configuration and the environment. */
  get settings(): ProviderSettings {
    this.resolved ??= resolveSettings(this.config, this.environment);
    return this.resolved;
  }

  /** The process's one Graph client; the first call loads axios and `@azure/identity`. */
  get graph(): GraphClient {
    this.client ??= this.connect(this.settings);
    return this.client;
  }

  /** Required here, inside the method, so that a preview never loads axios, `@azure/identity` or our edges. */
  private connect(settings: ProviderSettings): GraphClient {
    const { createAccessTokenSource } = require("../auth/tokenSource") as typeof import("../auth/tokenSource");
    const { GraphClient: Client } = require("../graph/client") as typeof import("../graph/client");
    const { createDebugLogger } = require("../diagnostics/debugLogger") as typeof import("../diagnostics/debugLogger");
    const logger = createDebugLogger(settings.debug);
    // Where each setting came from, by key name: the first question when a pipeline signs in as the wrong app.
    const sources = Object.entries(settings.sources).map(([name, key]) => `${name} from ${key}`);
    logger.log(
      `settings: cloud ${settings.cloud}, Graph ${settings.graphEndpoint}, authority ${settings.authorityHost}` +
        `${sources.length > 0 ? ` (${sources.join(", ")})` : ""}; credential: ${describeCredentialPlan(settings.credential)}`,
    );
    const tokens = createAccessTokenSource(settings);
    // From the first Graph operation on: a provider whose CLI was killed must not keep writing.
    watchEngine();
    return new Client({
      graphEndpoint: settings.graphEndpoint,
      getAccessToken: () => tokens.getAccessToken(),
      operationTimeoutMs: settings.operationTimeoutMs,
      consistencyWindowMs: settings.consistencyWindowMs,
      logger,
    });
  }
}
