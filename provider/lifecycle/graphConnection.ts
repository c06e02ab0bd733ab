import type { ProviderSettings } from "../auth/settings";
import type { GraphClient } from "../graph/graphClient";
import { watchEngine } from "./engineWatch";

/**
 * Creates the provider process's Graph client and its token source, on the first operation that needs Graph.
 *
 * The modules are required here, inside the function, so that a preview (check and diff only) never loads axios,
 * `@azure/identity` or our Graph and auth edges.
 */
export function connectToGraph(settings: ProviderSettings): GraphClient {
  const { createAccessTokenSource } = require("../auth/accessTokenSource") as typeof import("../auth/accessTokenSource");
  const { describeCredentialPlan } = require("../auth/credentialPlan") as typeof import("../auth/credentialPlan");
  const { GraphClient: GraphClientClass } = require("../graph/graphClient") as typeof import("../graph/graphClient");
  const { createDebugLogger } = require("../diagnostics/debugLogger") as typeof import("../diagnostics/debugLogger");

  const logger = createDebugLogger({ enabled: settings.debug });
  // Where each setting came from, by key name: the first question when a pipeline signs in as the wrong app.
  const sources = Object.entries(settings.sources).map(([name, key]) => `${name} from ${key}`);
  logger.log(
    `settings: cloud ${settings.cloud}, Graph ${settings.graphEndpoint}, authority ${settings.authorityHost}` +
      `${sources.length > 0 ? ` (${sources.join(", ")})` : ""}; credential: ${describeCredentialPlan(settings.credential)}`,
  );
  const tokens = createAccessTokenSource(settings);
  // From the first Graph operation on: a provider whose CLI was killed must not keep writing.
  watchEngine();
  return new GraphClientClass({
    graphEndpoint: settings.graphEndpoint,
    getAccessToken: () => tokens.getAccessToken(),
    operationTimeoutMs: settings.operationTimeoutMs,
    consistencyWindowMs: settings.consistencyWindowMs,
    logger,
    userAgent: "pulumi-graph-sync",
  });
}
