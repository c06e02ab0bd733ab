import { CLOUD_PROFILES } from "../clouds";
import { Directory } from "../directory/directory";
import { ResolvedEmulatorOptions, EmulatorBehaviour } from "../options";
import { RequestLog } from "../traffic/requestLog";
import { AccessTokenIssuer } from "./accessTokenIssuer";

/** What the identity and Graph endpoints share: the tenant, its directory, its token issuer, the live settings. */
export interface TenantContext {
  readonly origin: string;
  readonly tenantId: string;
  /** The `aud` Graph accepts. */
  readonly graphAudience: string;
  readonly directory: Directory;
  readonly tokens: AccessTokenIssuer;
  readonly log: RequestLog;
  /** Live settings (emulator.configure changes them). */
  readonly behaviour: () => EmulatorBehaviour;
  readonly options: ResolvedEmulatorOptions;
}

/** Resources the token endpoint issues for: the emulator's Graph audience, every cloud's Graph, and its origin. */
export function knownResources(context: Pick<TenantContext, "graphAudience" | "origin">): Set<string> {
  return new Set([
    context.graphAudience,
    context.origin,
    ...Object.values(CLOUD_PROFILES).map((profile) => profile.graphAudience),
  ]);
}
