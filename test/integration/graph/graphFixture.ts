import { randomUUID } from "node:crypto";
import { inspect } from "node:util";
import { ClientSecretCredential } from "@azure/identity";
import { GraphClient, type GraphClientOptions } from "../../../provider/graph/client";
import { startEmulator, type Emulator, type ReplicationAnswer, type RequestLogEntry } from "../../emulator";

/**
 * One emulator, one app with a client secret and a real `ClientSecretCredential` pointed at the emulator's
 * authority, plus everything the leak checks need: every token handed out, every log line, every error.
 */
export class GraphFixture {
  readonly emulator: Emulator;
  readonly clientId: string;
  /** Every bearer token the token source returned. */
  readonly tokens = new Set<string>();
  /** Every debug line any client of this fixture wrote. */
  readonly logLines: string[] = [];
  /** Every rendering of every error a test recorded. */
  readonly errorTexts: string[] = [];
  readonly #credential: ClientSecretCredential;

  private constructor(emulator: Emulator, clientId: string, clientSecret: string) {
    this.emulator = emulator;
    this.clientId = clientId;
    this.tokens.add(clientSecret);
    this.#credential = new ClientSecretCredential(emulator.tenantId, clientId, clientSecret, {
      authorityHost: emulator.authorityHost,
      disableInstanceDiscovery: true,
    });
  }

  /** Starts an emulator and registers an app allowed to write synchronization secrets. */
  static async start(): Promise<GraphFixture> {
    const emulator = await startEmulator();
    const app = emulator.registerApp({ roles: ["Synchronization.ReadWrite.All"] });
    if (app.clientSecret === undefined) {
      throw new Error("The emulator registered the app without a client secret.");
    }
    return new GraphFixture(emulator, app.clientId, app.clientSecret);
  }

  /** A token from the real credential, recorded for the leak checks. */
  readonly getAccessToken = async (): Promise<string> => {
    const token = await this.#credential.getToken(this.emulator.graphScope);
    this.tokens.add(token.token);
    return token.token;
  };

  /** A token source for another app registered with the given permissions (none: the app may do nothing). */
  tokenSourceForNewApp(roles: readonly string[] = []): () => Promise<string> {
    const app = this.emulator.registerApp({ roles });
    if (app.clientSecret === undefined) {
      throw new Error("The emulator registered the app without a client secret.");
    }
    this.tokens.add(app.clientSecret);
    const credential = new ClientSecretCredential(this.emulator.tenantId, app.clientId, app.clientSecret, {
      authorityHost: this.emulator.authorityHost,
      disableInstanceDiscovery: true,
    });
    return async () => {
      const token = await credential.getToken(this.emulator.graphScope);
      this.tokens.add(token.token);
      return token.token;
    };
  }

  /** A Graph client on the emulator with the real token source and a logger that records every line. */
  client(options: Partial<GraphClientOptions> = {}): GraphClient {
    return new GraphClient({
      graphEndpoint: this.emulator.graphEndpoint,
      getAccessToken: this.getAccessToken,
      logger: { enabled: true, log: (line) => this.logLines.push(line) },
      ...options,
    });
  }

  /** A service principal the app may write to. */
  servicePrincipal(options: { replicationDelayMs?: number; replicationAnswer?: ReplicationAnswer } = {}): string {
    return this.emulator.createServicePrincipal(options);
  }

  /**
   * The requests the emulator served for one service principal, oldest first. The emulator logs a request when its
   * response has finished, which can be a moment after the client has read it, so this waits until the log for the
   * principal has stopped growing.
   */
  async requestsFor(servicePrincipalId: string): Promise<RequestLogEntry[]> {
    const read = (): RequestLogEntry[] =>
      this.emulator.requestLog().filter((entry) => entry.path.includes(servicePrincipalId));
    let previous = read();
    for (let round = 0; round < 40; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const current = read();
      if (current.length === previous.length && current.length > 0) {
        return current;
      }
      previous = current;
    }
    return previous;
  }

  /** Records an error in every form a user or a logger could print it. */
  recordError(error: unknown): void {
    this.errorTexts.push(
      String(error),
      error instanceof Error ? (error.stack ?? "") : "",
      JSON.stringify(error),
      inspect(error, { depth: 10, showHidden: true }),
    );
  }

  async close(): Promise<void> {
    await this.emulator.close();
  }
}

/** Milliseconds between the arrivals of consecutive requests. */
export function arrivalGaps(entries: readonly RequestLogEntry[]): number[] {
  const times = entries.map((entry) => Date.parse(entry.time));
  return times.slice(1).map((time, index) => time - (times[index] ?? time));
}

/** A secret value that is easy to find in any text. */
export function canaryValue(): string {
  return `pgs-canary-${randomUUID()}`;
}
