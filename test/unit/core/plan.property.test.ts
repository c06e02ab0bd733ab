import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkInputs } from "../../../provider/core/checkInputs";
import { isJsonValuedKey, SECRET_KEY_NAMES } from "../../../provider/core/keys";
import { diffState, planClear, planWrite } from "../../../provider/core/plan";
import { mergeRefresh } from "../../../provider/core/refresh";
import type { CheckedState, DeclaredSecrets, SecretPair, SynchronizationSecretsState } from "../../../provider/core/state";
import { graphReadings, GraphSecretsModel, isEmptyJsonObjectText, sameMeaning, type GraphReading } from "./graphSecretsModel";
import { knownValidInputs, markedText } from "./inputArbitraries";

/** A complete stored state, made the way the lifecycle makes it: by checking valid inputs. */
const storedState = knownValidInputs.map((news) => {
  const state = checkInputs(news).state;
  if (state === undefined || typeof state.credentials === "string") {
    throw new Error("valid inputs must check into a complete state");
  }
  return state as SynchronizationSecretsState;
});

/** A server holding some keys nobody declared. */
const foreignKeys = fc.dictionary(fc.constantFrom(...SECRET_KEY_NAMES), markedText, { maxKeys: 4 });

/** A principal's secrets under `reading` after earlier writes left `declared` and the keys nobody declared. */
function graphHolding(reading: GraphReading, declared: DeclaredSecrets, foreign: Record<string, string>): GraphSecretsModel {
  const graph = new GraphSecretsModel(reading);
  for (const [key, value] of [...Object.entries(foreign), ...Object.entries(declared)]) graph.stored.set(key, value);
  return graph;
}

/** Whether the PUT carries `"{}"` for a key the reading holds JSON-valued while refusing `"{}"`: the one refusal allowed. */
function refusalExpected(reading: GraphReading, pairs: readonly SecretPair[]): boolean {
  return (
    reading.jsonEmptyObject === "rejected" &&
    pairs.some((pair) => reading.jsonValuedKeys.includes(pair.key) && isEmptyJsonObjectText(pair.value))
  );
}

/** Whether Graph reads a declared value as removing its key: `"{}"` on a JSON-valued key, under the reading that removes. */
const removedByGraph = (reading: GraphReading, key: string, value: string): boolean =>
  reading.jsonEmptyObject === "removes" && reading.jsonValuedKeys.includes(key) && isEmptyJsonObjectText(value);

/** What a declared key holds after a write Graph accepted: its value, unless Graph reads that value as removing it. */
const heldAfterWrite = (reading: GraphReading, key: string, value: string): string | undefined =>
  removedByGraph(reading, key, value) ? undefined : value;

const undeclaredBy = (foreign: Record<string, string>, ...declarations: DeclaredSecrets[]) =>
  Object.fromEntries(Object.entries(foreign).filter(([key]) => declarations.every((declared) => !Object.hasOwn(declared, key))));

describe("write plans against a model of Graph under every reading, property-based", () => {
  it("write nothing when the declaration is unchanged", () => {
    fc.assert(
      fc.property(storedState, (state) => {
        expect(planWrite(state.credentials, state.credentials).pairs).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it("leave every declared key with its value and the removed keys cleared, or are refused whole", () => {
    fc.assert(
      fc.property(graphReadings, storedState, storedState, foreignKeys, (reading, before, after, foreign) => {
        const undeclared = undeclaredBy(foreign, before.credentials, after.credentials);
        const graph = graphHolding(reading, before.credentials, undeclared);
        const plan = planWrite(before.credentials, after.credentials);
        // No change, no PUT: Graph is not asked anything (an empty PUT under replace would empty the set).
        fc.pre(plan.pairs.length > 0);
        const previous = new Map(graph.stored);
        const outcome = graph.put(plan.pairs);
        expect(outcome === "refused").toBe(refusalExpected(reading, plan.pairs));
        if (outcome === "refused") {
          expect(graph.stored).toEqual(previous);
          return;
        }
        for (const [key, value] of Object.entries(after.credentials)) {
          const held = graph.stored.get(key);
          const expected = heldAfterWrite(reading, key, value);
          expect(held === expected || (held !== undefined && expected !== undefined && sameMeaning(held, expected))).toBe(true);
        }
        for (const key of before.keys.filter((name) => !Object.hasOwn(after.credentials, name))) {
          const left = graph.stored.get(key);
          expect(left === undefined || isEmptyJsonObjectText(left)).toBe(true);
        }
        // Keys nobody declared: kept when Graph merges; under replace Graph itself drops them (README).
        for (const [key, value] of Object.entries(undeclared)) {
          expect(graph.stored.get(key)).toBe(reading.putSemantics === "merge" ? value : undefined);
        }
        expect(new Set(plan.pairs.map((pair) => pair.key)).size).toBe(plan.pairs.length);
      }),
      { numRuns: 500 },
    );
  });

  it("change only the rotated key: every other declared key keeps its value", () => {
    fc.assert(
      fc.property(graphReadings, storedState, foreignKeys, markedText, fc.nat(), (reading, before, foreign, value, pick) => {
        const plainKeys = before.keys.filter((key) => !isJsonValuedKey(key));
        fc.pre(plainKeys.length > 0);
        const rotated = plainKeys[pick % plainKeys.length] as string;
        fc.pre(before.credentials[rotated] !== value);
        // A declaration Graph refused to store in the first place is no rotation's to keep.
        fc.pre(!refusalExpected(reading, planWrite(undefined, before.credentials).pairs));
        const after = { ...before.credentials, [rotated]: value };
        const graph = graphHolding(reading, before.credentials, undeclaredBy(foreign, before.credentials));
        expect(graph.put(planWrite(before.credentials, after).pairs)).toBe("stored");
        const expected = Object.entries(after).map(([key, held]) => [key, heldAfterWrite(reading, key, held)]);
        expect(Object.fromEntries(before.keys.map((key) => [key, graph.stored.get(key)]))).toEqual(Object.fromEntries(expected));
      }),
      { numRuns: 300 },
    );
  });

  it("clear exactly the managed keys on delete, or are refused whole", () => {
    fc.assert(
      fc.property(graphReadings, storedState, foreignKeys, (reading, state, foreign) => {
        const plan = planClear(state.credentials);
        const undeclared = undeclaredBy(foreign, state.credentials);
        const graph = graphHolding(reading, state.credentials, undeclared);
        const outcome = graph.put(plan.pairs);
        expect(outcome === "refused").toBe(refusalExpected(reading, plan.pairs));
        if (outcome === "refused") return;
        for (const key of state.keys) {
          const left = graph.stored.get(key);
          expect(left === undefined || isEmptyJsonObjectText(left)).toBe(true);
        }
        for (const [key, value] of Object.entries(undeclared)) {
          expect(graph.stored.get(key)).toBe(reading.putSemantics === "merge" ? value : undefined);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("agree with the diff: the declared secrets differ exactly when a write is planned", () => {
    fc.assert(
      fc.property(storedState, storedState, (before, after) => {
        // The same principal and version, so only the declared secrets can differ.
        const diff = diffState(before, { ...after, servicePrincipalId: before.servicePrincipalId, apiVersion: before.apiVersion });
        const plan = planWrite(before.credentials, after.credentials);
        expect(diff).toEqual({ changes: plan.pairs.length > 0, replaces: [] });
      }),
      { numRuns: 300 },
    );
  });
});

describe("refresh against a model of Graph under every reading, property-based", () => {
  it("finds no drift and no phantom diff right after a create, however Graph masks or re-serializes", () => {
    fc.assert(
      fc.property(graphReadings, storedState, foreignKeys, (reading, state, foreign) => {
        const graph = graphHolding(reading, {}, undeclaredBy(foreign, state.credentials));
        fc.pre(graph.put(planWrite(undefined, state.credentials).pairs) === "stored");
        // A declared "{}" that Graph reads as removing the key is missing, rightly; every other key must agree.
        fc.pre(Object.entries(state.credentials).every(([key, value]) => !removedByGraph(reading, key, value)));
        const refreshed = mergeRefresh(state.credentials, graph.get());
        expect(refreshed).toEqual({ credentials: state.credentials, keys: state.keys, drifted: [], missing: [] });
        expect(diffState({ ...state, ...refreshed }, state).changes).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("reports a clear-text value changed outside Pulumi as drift", () => {
    fc.assert(
      fc.property(graphReadings, storedState, markedText, fc.nat(), (reading, state, value, pick) => {
        const visible = state.keys.filter((key) => !isJsonValuedKey(key) && !reading.maskedKeys.includes(key));
        fc.pre(visible.length > 0);
        const changed = visible[pick % visible.length] as string;
        fc.pre(state.credentials[changed]?.toLowerCase() !== value.toLowerCase());
        const graph = graphHolding(reading, { ...state.credentials, [changed]: value }, {});
        expect(mergeRefresh(state.credentials, graph.get()).drifted).toEqual([changed]);
      }),
      { numRuns: 300 },
    );
  });
});

describe("diffState, property-based", () => {
  it("never replaces for the other id form of the same principal", () => {
    fc.assert(
      fc.property(storedState, fc.boolean(), (state, upper) => {
        const guid = upper ? state.servicePrincipalId.toUpperCase() : state.servicePrincipalId;
        const news = checkInputs({ ...state, servicePrincipalId: `/servicePrincipals/${guid}` }).state as CheckedState;
        expect(diffState(state, news)).toEqual({ changes: false, replaces: [] });
        // Outputs stored by an older version in the other form are the same principal too.
        expect(diffState({ ...state, servicePrincipalId: `/servicePrincipals/${guid}` }, state)).toEqual({ changes: false, replaces: [] });
      }),
      { numRuns: 200 },
    );
  });

  it("finds no change between a state and the inputs it came from", () => {
    fc.assert(
      fc.property(knownValidInputs, (news) => {
        const state = checkInputs(news).state as SynchronizationSecretsState;
        expect(diffState(state, checkInputs(news).state as CheckedState).changes).toBe(false);
        expect(diffState(state, checkInputs(state).state as CheckedState).changes).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe("mergeRefresh, property-based", () => {
  it("keeps state as it is when the server agrees, masks values or holds other keys", () => {
    fc.assert(
      fc.property(storedState, foreignKeys, fc.array(fc.boolean(), { maxLength: 6 }), (state, foreign, masks) => {
        const pairs: SecretPair[] = [
          ...Object.entries(foreign).map(([key, value]) => ({ key, value })),
          ...state.keys.map((key, index) => ({ key, value: masks[index] ? "*" : (state.credentials[key] ?? "") })),
        ];
        expect(mergeRefresh(state.credentials, pairs)).toEqual({
          credentials: state.credentials,
          keys: state.keys,
          drifted: [],
          missing: [],
        });
      }),
      { numRuns: 200 },
    );
  });
});
