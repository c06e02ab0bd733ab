import { resolveSettings, type ConfigSource, type ProviderSettings } from "../auth/settings";
import type { GraphClient } from "../graph/graphClient";
import { watchEngine } from "./engineWatch";

/** The part of Pulumi's dynamic-provider `ConfigureRequest` the lifecycle reads. */
export interface ConfigureRequest {
  config: ConfigSource;
}

const NO_CONFIG: ConfigSource = { get: () => undefined };

/**
 * What one provider process holds between calls: the stack configuration, the settings resolved from it and the
 * environment, and, created on the first call that needs Microsoft Graph, one token source and one Graph client.
 *
 * `check` and `diff` (all a preview runs) only ever touch {@link ProviderContext.settings}, which is pure; the
 * Graph client, axios and `@azure/identity` are loaded on first use by `create`, `read`, `update` or `delete`.
 */
export class ProviderContext {
  private config: ConfigSource = NO_CONFIG;
  private resolved: ProviderSettings | undefined;
  private client: GraphClient | undefined;

  constructor(private readonly environment: Readonly<Record<string, string | undefined>> = process.env) {}

  /** Takes the stack configuration (the whole stack's, with namespaced keys such as `graphsync:tenantId`). */
  configure(request: ConfigureRequest): void {
    this.config = request.config;
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
    if (!this.client) {
      const settings = this.settings;
      // Loaded here, not at the top of the file, so that a preview never loads a credential or HTTP library.
      const { createAccessTokenSource } = require("../auth/accessTokenSource") as typeof import("../auth/accessTokenSource");
      const { GraphClient: GraphClientClass } = require("../graph/graphClient") as typeof import("../graph/graphClient");
      const { createDebugLogger } = require("../diagnostics/debugLogger") as typeof import("../diagnostics/debugLogger");
      const { describeCredentialPlan } = require("../auth/credentialPlan") as typeof import("../auth/credentialPlan");
      const logger = createDebugLogger({ enabled: settings.debug });
      // Where each setting came from, by key name: the first question when a pipeline authenticates as the wrong app.
      const sources = Object.entries(settings.sources).map(([name, key]) => `${name} from ${key}`);
      logger.log(
        `settings: cloud ${settings.cloud}, Graph ${settings.graphEndpoint}, authority ${settings.authorityHost}` +
          `${sources.length > 0 ? ` (${sources.join(", ")})` : ""}; credential: ${describeCredentialPlan(settings.credential)}`,
      );
      const tokens = createAccessTokenSource(settings);
      // From the first operation that writes or reads Graph on: an orphaned provider must not keep writing.
      watchEngine();
      this.client = new GraphClientClass({
        graphEndpoint: settings.graphEndpoint,
        getAccessToken: () => tokens.getAccessToken(),
        operationTimeoutMs: settings.operationTimeoutMs,
        consistencyWindowMs: settings.consistencyWindowMs,
        logger,
        userAgent: "pulumi-graph-sync",
      });
    }
    return this.client;
  }
}
