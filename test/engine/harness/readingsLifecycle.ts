import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMULATOR_READINGS, findReading } from "../../emulator";
import { cliLeakPlaces } from "./cli/cliLeakPlaces";
import { splitJsonValues } from "./cli/operationOutcome";
import type { OperationRecord } from "./cli/cliStack";
import { findLeaks, SDK_RPC_TRACE, withoutSdkRpcTraces } from "./leakScan";
import {
  clearedKeyHolds, refusesClearing, ReadingsRun, sameMeaning, statusOf, wireForm, type Declaration, type MatrixResource,
  type MatrixRun, MATRIX_RUNS,
} from "./readingsMatrix";

/** Extra steps a run takes besides the core lifecycle. */
export interface RunSteps {
  /** A proxy's bare HTML 404 answers a refresh. */
  readonly proxyNotFound?: boolean;
  /** The app reads with Application.ReadWrite.OwnedBy only. */
  readonly ownedByOnly?: boolean;
}

const keyList = (keys: readonly string[]): string => (keys.length === 1 ? `key ${keys[0]}` : `keys ${keys.join(", ")}`);
const sorted = (keys: Iterable<string>): string[] => [...keys].sort();
const written = (status: number): boolean => status >= 200 && status < 300;
/**
 * What an operation told the user: its diagnostics (the provider's messages and errors among them), whether its `--json`
 * output holds engine events or, for a refresh that failed in its preview, one preview document; and stderr.
 */
function shown(record: OperationRecord): string {
  const messages = splitJsonValues(record.stdout).flatMap((value) => {
    const { diagnosticEvent, diagnostics } = value as { diagnosticEvent?: { message?: string }; diagnostics?: Array<{ message?: string }> };
    return [diagnosticEvent?.message ?? "", ...(diagnostics ?? []).map((diagnostic) => diagnostic.message ?? "")];
  });
  return `${messages.filter((message) => !SDK_RPC_TRACE.test(message)).join("\n")}\n${record.stderr}`;
}

/**
 * The key names each updated resource had and has, from the `--json` events of the step: what its preview shows. The
 * credentials are secret, so a preview can only ever show that they changed; `keys` shows which names did.
 */
function keysChangeOf(record: OperationRecord): Map<string, { before: unknown; after: unknown }> {
  const changes = new Map<string, { before: unknown; after: unknown }>();
  for (const value of splitJsonValues(record.stdout)) {
    type State = { inputs?: { keys?: unknown } };
    const metadata = (value as { resourcePreEvent?: { metadata?: { op?: string; urn?: string; old?: State; new?: State } } }).resourcePreEvent
      ?.metadata;
    const name = metadata?.urn?.split("::").pop();
    if (name !== undefined && metadata?.op === "update") changes.set(name, { before: metadata.old?.inputs?.keys, after: metadata.new?.inputs?.keys });
  }
  return changes;
}

/** The matrix covers every reading of the emulator, each in exactly one run, at most one per belief and run. */
export function describeMatrixCoverage(): void {
  describe("the engine test matrix of Graph readings", () => {
    it("covers every reading of the emulator, each in exactly one run, one reading of a belief per run", () => {
      const placed = MATRIX_RUNS.flatMap((run) => [...run.readings, ...run.replicating]);
      expect(sorted(placed)).toEqual(sorted(EMULATOR_READINGS.map((reading) => reading.name)));
      for (const run of MATRIX_RUNS) {
        const beliefs = run.readings.map((name) => findReading(name).belief);
        expect(new Set(beliefs).size, run.name).toBe(beliefs.length);
        expect(beliefs, run.name).not.toContain("replicationAnswer");
        expect(run.replicating.map((name) => findReading(name).belief).every((belief) => belief === "replicationAnswer")).toBe(true);
      }
    });
  });
}

/**
 * The core lifecycle under one run's readings, through the plain CLI: create, rotate one key, drop a key, refresh after
 * drift, destroy. After each step, the emulator's store and operation log are checked against what the readings say
 * Graph does with the write the promises require (every declared key, one PUT); where the readings make Graph refuse
 * it, the step must fail whole with a message that says why.
 */
export function describeReadingsRun(run: MatrixRun, steps: RunSteps = {}): void {
  describe(`the core lifecycle through the plain CLI under the readings of run "${run.name}"`, () => {
    let matrix: ReadingsRun;
    /** What the stack's state declares for each resource (a refused step leaves the previous declaration). */
    const inState = new Map<string, Record<string, string>>();

    beforeAll(async () => {
      matrix = await ReadingsRun.start(run);
    });

    afterAll(async () => {
      await matrix?.dispose();
    });

    /** The principal's store after a write the readings accept: declared values, cleared keys, foreign keys. */
    function expectHolds(resource: MatrixResource, declared: Record<string, string>, cleared: readonly string[]): void {
      const stored = matrix.emulator.storedSecrets(resource.servicePrincipalId) ?? {};
      for (const [key, value] of Object.entries(declared)) {
        expect(sameMeaning(stored[key], value), `${resource.name}: ${key} holds its declared value`).toBe(true);
      }
      for (const key of cleared) {
        expect(stored[key], `${resource.name}: ${key} cleared`).toBe(clearedKeyHolds(matrix.behaviour, key));
      }
      // Keys nobody declared: kept where Graph merges; where it replaces the set, Graph itself drops them (README).
      for (const [key, value] of Object.entries(resource.foreign)) {
        expect(stored[key], `${resource.name}: foreign ${key}`).toBe(matrix.behaviour.putSemantics === "merge" ? value : undefined);
      }
    }

    /** The one write of a step for a resource: its key names are every declared key and every cleared one. */
    function expectOneWrite(resource: MatrixResource, keys: Iterable<string>): void {
      const puts = matrix.operations(resource, "secrets.put").filter((entry) => written(entry.status));
      expect(puts.map((entry) => sorted(entry.secretKeys ?? [])), resource.name).toEqual([sorted(keys)]);
    }

    it("creates every resource with one PUT of every declared key, waiting out each replicating principal", async () => {
      const declarations = new Map(matrix.resources.map((resource) => [resource.name, matrix.initialDeclaration(resource)]));
      matrix.declare(declarations);
      matrix.emulator.reset();
      const up = await matrix.stack.up();
      expect(up.outcome.changes).toEqual({ create: matrix.resources.length + 1 });
      for (const resource of matrix.resources) {
        const declared = wireForm(declarations.get(resource.name) as Declaration);
        inState.set(resource.name, declared);
        expectOneWrite(resource, Object.keys(declared));
        expectHolds(resource, declared, []);
        if (resource.replicating !== undefined) {
          const statuses = matrix.operations(resource, "secrets.put").map((entry) => entry.status);
          expect(statuses.filter((status) => status === statusOf(resource.replicating ?? "")), resource.name).toHaveLength(2);
        }
      }
      // Graph's documented example value of BaseAddress: accepted with a warning, not refused.
      expect(shown(up)).toContain("graphsync: warning: credentials.BaseAddress is not an absolute https URL");
      expect(matrix.emulator.counters().graphRequests[`PUT ${matrix.behaviour.putSuccessStatus}`]).toBe(matrix.resources.length);
    });

    it("rotates one key with one PUT of every declared key; the others keep their values, the plan shows no key change", async () => {
      const declarations = new Map<string, Declaration>();
      for (const resource of matrix.resources) {
        const previous = matrix.declarations.get(resource.name) as Declaration;
        declarations.set(resource.name, { ...previous, SecretToken: matrix.newSecret(resource, "SecretToken") });
      }
      matrix.declare(declarations);
      matrix.emulator.reset();
      const up = await matrix.stack.up();
      expect(up.outcome.changes).toEqual({ update: matrix.resources.length, same: 1 });
      const keysChange = keysChangeOf(up);
      for (const resource of matrix.resources) {
        const declared = wireForm(declarations.get(resource.name) as Declaration);
        inState.set(resource.name, declared);
        // An update with the same key names: its preview shows only that the (secret) credentials change.
        const names = sorted(Object.keys(declared));
        expect(keysChange.get(resource.name), resource.name).toEqual({ before: names, after: names });
        expectOneWrite(resource, Object.keys(declared));
        expectHolds(resource, declared, []);
      }
    });

    it("drops keys with one PUT of the declared keys and the dropped ones cleared, or fails whole where Graph refuses to clear", async () => {
      const declarations = new Map<string, Declaration>();
      for (const resource of matrix.resources) {
        const previous = { ...(matrix.declarations.get(resource.name) as Declaration) };
        for (const key of resource.dropped) delete previous[key];
        declarations.set(resource.name, previous);
      }
      matrix.declare(declarations);
      matrix.emulator.reset();
      const refused = (resource: MatrixResource) => resource.dropped.some((key) => refusesClearing(matrix.behaviour, key));
      const anyRefused = matrix.resources.some(refused);
      const up = await matrix.stack.up({ expectFailure: anyRefused });
      for (const resource of matrix.resources) {
        const declared = wireForm(declarations.get(resource.name) as Declaration);
        const keys = [...Object.keys(declared), ...resource.dropped];
        const puts = matrix.operations(resource, "secrets.put");
        if (refused(resource)) {
          // Nothing half-applied: the one PUT was refused whole, the principal holds what it held.
          expect(puts.filter((entry) => written(entry.status)), resource.name).toEqual([]);
          expect(puts.filter((entry) => entry.status === 400).map((entry) => sorted(entry.secretKeys ?? []))).toEqual([sorted(keys)]);
          expectHolds(resource, inState.get(resource.name) ?? {}, []);
          expect(shown(up)).toContain(`Microsoft Graph refused PUT /v1.0/servicePrincipals/${resource.servicePrincipalId}/synchronization/secrets`);
          expect(shown(up)).toContain("where this tenant refuses that too, the key cannot be removed through Graph");
          // An error answer that repeats the start of a value (error-echo readings) is not passed on either.
          for (const value of matrix.secretValues) expect(`${shown(up)}\n${withoutSdkRpcTraces(up.stdout)}`).not.toContain(value.slice(0, 8));
          continue;
        }
        inState.set(resource.name, declared);
        expectOneWrite(resource, keys);
        expectHolds(resource, declared, resource.dropped);
        const clearedJson = resource.dropped.filter((key) => key === "SyncNotificationSettings" || key === "Domain");
        expect(shown(up)).toContain(`graphsync: warning: ${keyList(clearedJson)} set to "{}" on service principal ${resource.servicePrincipalId}`);
      }
    });

    it("finds drift of clear-text values on refresh, nothing it cannot see, and no change where nothing drifted", async () => {
      const [example] = matrix.resources;
      if (example === undefined) throw new Error("a run has its example resource");
      const drifted: Record<string, string> = {
        BaseAddress: `https://${matrix.newSecret(example, "drifted")}.example/scim`,
        ClientSecret: matrix.newSecret(example, "drifted-ClientSecret"),
        SecretToken: matrix.newSecret(example, "drifted-SecretToken"),
      };
      matrix.emulator.setStoredSecrets(example.servicePrincipalId, drifted);
      matrix.emulator.reset();
      const refresh = await matrix.stack.refresh();
      // What Graph shows in clear under the masking reading is seen; a masked value never is.
      const visible = sorted(Object.keys(drifted).filter((key) => !matrix.behaviour.maskedKeys.includes(key)));
      const message = `${keyList(visible)} changed outside Pulumi on service principal ${example.servicePrincipalId}`;
      if (visible.length > 0) expect(shown(refresh)).toContain(message);
      else expect(shown(refresh)).not.toContain("changed outside Pulumi");
      // Only the drifted resource changes in state: a re-serialized JSON value (normalizing reads) is no drift.
      expect(refresh.outcome.changes).toEqual(
        visible.length > 0 ? { update: 1, same: matrix.resources.length } : { same: matrix.resources.length + 1 },
      );
      inState.set(example.name, { ...inState.get(example.name), ...Object.fromEntries(visible.map((key) => [key, drifted[key] ?? ""])) });
      // A plain `pulumi refresh --yes` refreshes twice (its preview, then the refresh): two GETs per resource, no write.
      for (const resource of matrix.resources) {
        expect(matrix.operations(resource, "secrets.get").map((entry) => entry.status), resource.name).toEqual([200, 200]);
      }
      expect(matrix.emulator.graphOperations({ operations: ["secrets.put"] })).toEqual([]);
    });

    if (steps.proxyNotFound === true) {
      it("keeps the resource in state when a proxy's bare HTML 404 answers a refresh, and names what answered", async () => {
        const [example] = matrix.resources;
        if (example === undefined) throw new Error("a run has its example resource");
        matrix.emulator.reset();
        matrix.emulator.injectFault({ kind: "html", method: "GET", pathIncludes: example.servicePrincipalId });
        const before = matrix.stack.resources().map((resource) => resource.urn);
        const refresh = await matrix.stack.refresh({ expectFailure: true });
        expect(shown(refresh)).toContain(`GET /v1.0/servicePrincipals/${example.servicePrincipalId}/synchronization/secrets got an answer`);
        expect(shown(refresh)).toContain("(404)");
        expect(shown(refresh)).toContain("content type text/html");
        expect(shown(refresh)).not.toContain("no longer exists");
        expect(matrix.stack.resources().map((resource) => resource.urn)).toEqual(before);
        expect(matrix.operations(example, "secrets.get").map((entry) => entry.fault)).toEqual(["html"]);
      });
    }

    if (steps.ownedByOnly === true) {
      it("reads with Application.ReadWrite.OwnedBy as the readings say, and names the missing permission when denied", async () => {
        const [example, foreign] = matrix.resources;
        if (example === undefined || foreign === undefined) throw new Error("a run has its example and a principal it does not own");
        matrix.emulator.revokeRoles(matrix.app.clientId, ["Synchronization.ReadWrite.All"]);
        matrix.emulator.grantRoles(matrix.app.clientId, ["Application.ReadWrite.OwnedBy"]);
        try {
          const denied = statusOf(matrix.behaviour.permissionDenied);
          // The principal the app owns: readable only where OwnedBy may read secrets.
          matrix.emulator.reset();
          const readsOwned = matrix.behaviour.ownedByReadsSecrets;
          const owned = await matrix.stack.refresh({ flags: ["--target", matrix.urnOf(example)], expectFailure: !readsOwned });
          const ownedStatuses = matrix.operations(example, "secrets.get").map((entry) => entry.status);
          if (readsOwned) {
            expect(ownedStatuses).toEqual([200, 200]);
          } else {
            // Denied at once: a read never waits out an answer, the principal exists.
            expect(ownedStatuses).toEqual([denied]);
            expect(shown(owned)).toContain(`Microsoft Graph denied GET /v1.0/servicePrincipals/${example.servicePrincipalId}`);
            expect(shown(owned)).toContain("Synchronization.Read.All");
          }
          if (readsOwned) {
            // A principal it does not own: denied whatever the reading, with the reading's answer.
            matrix.emulator.reset();
            const other = await matrix.stack.refresh({ flags: ["--target", matrix.urnOf(foreign)], expectFailure: true });
            expect(matrix.operations(foreign, "secrets.get").map((entry) => entry.status)).toEqual([denied]);
            expect(shown(other)).toContain(`Microsoft Graph denied GET /v1.0/servicePrincipals/${foreign.servicePrincipalId}`);
            expect(shown(other)).toContain(`(${denied} `);
          }
        } finally {
          matrix.emulator.grantRoles(matrix.app.clientId, ["Synchronization.ReadWrite.All"]);
        }
      });
    }

    it("destroys with one PUT clearing the keys in state, or fails whole where Graph refuses to clear them", async () => {
      matrix.emulator.reset();
      const refused = (resource: MatrixResource) => Object.keys(inState.get(resource.name) ?? {}).some((key) => refusesClearing(matrix.behaviour, key));
      const anyRefused = matrix.resources.some(refused);
      const destroy = await matrix.stack.destroy({ expectFailure: anyRefused });
      for (const resource of matrix.resources) {
        const held = inState.get(resource.name) ?? {};
        if (refused(resource)) {
          expect(matrix.operations(resource, "secrets.put").filter((entry) => written(entry.status)), resource.name).toEqual([]);
          expect(shown(destroy)).toContain("where this tenant refuses that too, the key cannot be removed through Graph");
          continue;
        }
        expectOneWrite(resource, Object.keys(held));
        expectHolds(resource, {}, Object.keys(held));
      }
      expect(sorted(matrix.stack.resources().map((entry) => entry.urn.split("::").pop() ?? ""))).toEqual(
        sorted(matrix.resources.filter(refused).map((resource) => resource.name)),
      );
    });

    it("never shows a value: in no output, --json output, -v=9 log, debug line, state file, history or backup", () => {
      // The program passes the values in clear, so Pulumi's own debug trace of the registration carries them, whatever
      // the provider (see leakScan.ts and README.md, Limitations): those lines are left out, everything else is scanned.
      const places = Object.fromEntries(Object.entries(cliLeakPlaces(matrix.stack)).map(([place, text]) => [place, withoutSdkRpcTraces(text)]));
      expect(matrix.secretValues.length).toBeGreaterThan(10);
      expect(findLeaks(places, matrix.secretValues)).toEqual([]);
    });
  });
}
