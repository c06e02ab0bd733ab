import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_BEHAVIOUR, EMULATOR_READINGS, findReading, startEmulator, type Belief, type Emulator, type RegisteredApp } from "../../emulator";
import { LiveCheckRefusal, runLiveCheck } from "../../live/liveCheck";
import { liveOptionsFromEnvironment, type LiveCheckOptions } from "../../live/liveOptions";
import { formatReport, readingFor } from "../../live/liveReport";
import { PROBE_MARK } from "../../live/secretProbes";

// The live-tenant check (npm run test:live) cannot reach a tenant here, so its code runs against the emulator under
// each reading, and must name that reading: proof that it tells every reading apart. Its options come from the same
// environment variables a user sets, pointed at the emulator.

let emulator: Emulator;
let app: RegisteredApp & { clientSecret: string };
let ownedBy: RegisteredApp & { clientSecret: string };

const withSecret = (registered: RegisteredApp): RegisteredApp & { clientSecret: string } => {
  if (registered.clientSecret === undefined) throw new Error("the emulator registered an app without a client secret");
  return { ...registered, clientSecret: registered.clientSecret };
};

/** A principal seconds old replicates for this long: long enough to be met, short enough for 31 runs. */
const REPLICATION_MS = 400;

function options(servicePrincipalId: string): LiveCheckOptions {
  const fromEnvironment = liveOptionsFromEnvironment({
    GRAPHSYNC_LIVE_SERVICE_PRINCIPAL_ID: servicePrincipalId,
    GRAPHSYNC_LIVE_CLOUD: "custom",
    GRAPHSYNC_LIVE_GRAPH_ENDPOINT: emulator.graphEndpoint,
    GRAPHSYNC_LIVE_AUTHORITY_HOST: emulator.authorityHost,
    GRAPHSYNC_LIVE_CREATE_PRINCIPAL: "true",
    GRAPHSYNC_LIVE_OWNED_BY_CLIENT_ID: ownedBy.clientId,
    GRAPHSYNC_LIVE_OWNED_BY_CLIENT_SECRET: ownedBy.clientSecret,
    GRAPHSYNC_LIVE_THROTTLE_BUDGET: "200",
    // The provider's own variables for the app that runs the check.
    AZURE_TENANT_ID: emulator.tenantId,
    AZURE_CLIENT_ID: app.clientId,
    AZURE_CLIENT_SECRET: app.clientSecret,
  });
  return { ...fromEnvironment, replicationTimeoutMs: 10_000 };
}

/** Every belief's default reading. */
const defaults = new Map(EMULATOR_READINGS.filter((reading) => reading.isDefault).map((reading) => [reading.belief, reading.name]));

beforeAll(async () => {
  emulator = await startEmulator();
  app = withSecret(emulator.registerApp({ roles: ["Synchronization.ReadWrite.All", "Application.ReadWrite.OwnedBy"] }));
  ownedBy = withSecret(emulator.registerApp({ roles: ["Application.ReadWrite.OwnedBy"] }));
});

afterAll(async () => {
  await emulator?.close();
});

/** The emulator at its defaults, then `reading`; a fresh throwaway principal the OwnedBy app owns. */
function prepare(reading: string): string {
  emulator.configure({ ...DEFAULT_BEHAVIOUR, replicationDelayMs: REPLICATION_MS });
  emulator.applyReading(reading);
  emulator.reset();
  // A bucket the check's own questions stay inside, and its throttling question empties even when each write is slow
  // (a loaded machine): one token a second, so a token a refused write costs adds a whole second to the next wait.
  emulator.setThrottle({ capacity: 40, refillPerSecond: 1 });
  return emulator.createServicePrincipal({ owners: [ownedBy.clientId], replicationDelayMs: 0 });
}

describe("the live check against the emulator", () => {
  it.each(EMULATOR_READINGS.map((reading) => reading.name))("names the reading %s, and every other belief's default", async (name) => {
    const servicePrincipalId = prepare(name);
    const report = await runLiveCheck(options(servicePrincipalId));
    const { belief } = findReading(name);
    expect(readingFor(report, belief), formatReport(report)).toBe(name);
    const undetermined: Belief[] = [];
    for (const [other, defaultReading] of defaults) {
      if (other === belief) continue;
      const found = readingFor(report, other);
      if (found === undefined) undetermined.push(other);
      else expect(found, `${other}\n${formatReport(report)}`).toBe(defaultReading);
    }
    // Only where the reading hides the answer: with every value masked, a re-serialized JSON value cannot be seen.
    expect(undetermined).toEqual(name === "masked-every-key" ? ["jsonValueOnRead"] : []);
    // Restored: everything it wrote is cleared, but where Graph refuses both "" and "{}" for a JSON-valued key.
    const unclearable = name === "json-empty-object-rejected" ? ["SyncNotificationSettings"] : [];
    expect(report.restored.left).toEqual(unclearable);
    const left = emulator.storedSecrets(servicePrincipalId) ?? {};
    expect(Object.entries(left).filter(([key, value]) => value !== "{}" && !unclearable.includes(key))).toEqual([]);
    // The report says what happened, never what was written; the application it created is gone.
    expect(formatReport(report)).not.toContain(PROBE_MARK);
    expect(emulator.graphOperations({ operations: ["applications.delete"] }).map((entry) => entry.status)).toEqual([204]);
  });

  it("refuses a principal that holds keys it did not write, and writes nothing", async () => {
    const servicePrincipalId = prepare("put-merge");
    emulator.setStoredSecrets(servicePrincipalId, { BaseAddress: "https://someone-elses.example/scim", SecretToken: "not-the-checks" });
    const refusal = await runLiveCheck(options(servicePrincipalId)).then(() => undefined, (error: unknown) => error);
    expect(refusal).toBeInstanceOf(LiveCheckRefusal);
    expect((refusal as Error).message).toContain("holds keys this check did not write (BaseAddress, SecretToken)");
    expect((refusal as Error).message).not.toContain("not-the-checks");
    expect(emulator.graphOperations().map((entry) => entry.operation)).toEqual(["secrets.get"]);
    expect(emulator.storedSecrets(servicePrincipalId)).toEqual({ BaseAddress: "https://someone-elses.example/scim", SecretToken: "not-the-checks" });
  });

  it("reads its setup from the environment and names what is missing, never a value", () => {
    expect(() => liveOptionsFromEnvironment({})).toThrow("GRAPHSYNC_LIVE_SERVICE_PRINCIPAL_ID must be the object id");
    const partial = { GRAPHSYNC_LIVE_SERVICE_PRINCIPAL_ID: "11111111-2222-4333-8444-555555555555", GRAPHSYNC_LIVE_OWNED_BY_CLIENT_ID: "x" };
    expect(() => liveOptionsFromEnvironment(partial)).toThrow("Set both GRAPHSYNC_LIVE_OWNED_BY_CLIENT_ID and GRAPHSYNC_LIVE_OWNED_BY_CLIENT_SECRET");
    const plain = liveOptionsFromEnvironment({ GRAPHSYNC_LIVE_SERVICE_PRINCIPAL_ID: "11111111-2222-4333-8444-555555555555" });
    expect(plain).toMatchObject({ createPrincipal: false, throttleBudget: 0, config: {} });
    expect(plain.ownedBy).toBeUndefined();
  });
});
