import { randomBytes } from "node:crypto";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import type { Emulator, RequestLogEntry, ThrottleSettings } from "../../test/emulator";
import { startEmulatorTenant, type EmulatorTenant } from "../../test/engine/harness/emulatorTenant";
import { resourceDeclarer } from "../subjects/declarations";
import { Fleet, type SubjectName } from "../subjects/fleet";
import { FloorPackage } from "../subjects/floorPackage";

/** The traffic the emulator saw since the last {@link BenchTenant.resetTraffic}. */
export interface TrafficObservation {
  /** Graph requests by `"<METHOD> <status>"`, e.g. `{ "PUT 204": 50, "PUT 429": 3 }`. */
  readonly graphRequests: Readonly<Record<string, number>>;
  /** Every Graph request, whatever its answer. */
  readonly graphRequestsTotal: number;
  /** Requests to the token endpoint, every flow. */
  readonly tokenRequests: number;
  /** Every request to the identity surface: the token endpoint and the authority's metadata. */
  readonly identityRequests: number;
  /** The request log, oldest first (never a body or a header value). */
  readonly log: readonly RequestLogEntry[];
}

/**
 * What every benchmark stack runs against: the emulator, in this process on loopback, with one app that may write
 * synchronization secrets and owns every service principal the benchmark creates; and the floor's provider package.
 */
export class BenchTenant {
  private readonly fleets: Fleet[] = [];

  private constructor(
    private readonly tenant: EmulatorTenant,
    private readonly floor: FloorPackage,
  ) {}

  /**
   * Starts the emulator with a latency added to every request.
   *
   * @param latencyMs - milliseconds added to each Graph and identity request, restored by every reset
   */
  static async start(latencyMs: number): Promise<BenchTenant> {
    return new BenchTenant(await startEmulatorTenant({ latencyMs }), FloorPackage.install());
  }

  /** The emulator itself, for reads of stored secrets. */
  get emulator(): Emulator {
    return this.tenant.emulator;
  }

  /** The `graphsync:` stack configuration both subjects' stacks get. */
  get config(): ConfigMap {
    return this.tenant.config;
  }

  /** The environment every stack's CLI and provider process get (the same for both subjects). */
  get stackEnvironment(): Record<string, string> {
    return this.floor.environment;
  }

  /** The app's client secret: a credential value the leak scans look for. */
  get clientSecret(): string {
    return this.tenant.clientSecret;
  }

  /** A fleet of `size` resources of `subject`, on service principals of its own. */
  newFleet(subject: SubjectName, size: number): Fleet {
    const principals = Array.from({ length: size }, () => this.tenant.newServicePrincipal());
    const fleet = new Fleet(subject, principals, resourceDeclarer(subject, this.floor), `bench-token-${randomBytes(9).toString("base64url")}`);
    this.fleets.push(fleet);
    return fleet;
  }

  /** `count` new service principals the app owns, outside any fleet (the jobs' economy). */
  newServicePrincipals(count: number): string[] {
    return Array.from({ length: count }, () => this.tenant.newServicePrincipal());
  }

  /** Every `SecretToken` value of every fleet made so far. */
  secretValues(): string[] {
    return this.fleets.flatMap((fleet) => fleet.secretValues());
  }

  /** Clears the log and counters and restores the starting latency; with `throttle`, installs that bucket. */
  resetTraffic(throttle: ThrottleSettings | null = null): void {
    this.tenant.emulator.reset();
    this.tenant.emulator.setThrottle(throttle);
  }

  /** What the emulator saw since the last reset. */
  observeTraffic(): TrafficObservation {
    const counters = this.tenant.emulator.counters();
    const log = this.tenant.emulator.requestLog();
    return {
      graphRequests: { ...counters.graphRequests },
      graphRequestsTotal: counters.graphRequestsTotal,
      tokenRequests: Object.values(counters.tokenRequests).reduce((sum, count) => sum + count, 0),
      identityRequests: log.filter((entry) => entry.surface === "identity").length,
      log,
    };
  }

  /** Stops the emulator and removes the floor's package. */
  async close(): Promise<void> {
    try {
      await this.tenant.emulator.close();
    } finally {
      this.floor.remove();
    }
  }
}
