import { resolveSettings, type ConfigSource, type ProviderSettings } from "../auth/settings";
import type { GraphClient } from "../graph/graphClient";
import { connectToGraph } from "./graphConnection";

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
    this.client ??= connectToGraph(this.settings);
    return this.client;
  }
}
