import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkInputs,
  clearedValueFor,
  diffSecrets,
  isJsonValuedKey,
  mergeRefresh,
  planClear,
  planWrite,
  sameWireValue,
  SECRET_KEY_NAMES,
  type DeclaredSecrets,
  type SecretPair,
  type SynchronizationSecretsState,
} from "../../../provider/secrets";
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

/** What Graph is believed to do with a PUT (merge by key; "" removes a plain key; JSON keys keep "{}"). */
function applyPut(server: Map<string, string>, pairs: readonly SecretPair[]): void {
  for (const { key, value } of pairs) {
    if (value === "" && !isJsonValuedKey(key)) {
      server.delete(key);
    } else {
      server.set(key, value);
    }
  }
}

function serverWith(declared: DeclaredSecrets, foreign: Record<string, string>): Map<string, string> {
  return new Map([...Object.entries(foreign), ...Object.entries(declared)]);
}

describe("write plans, property-based", () => {
  it("write nothing when the declaration is unchanged", () => {
    fc.assert(
      fc.property(storedState, (state) => {
        expect(planWrite(state.credentials, state.credentials).pairs).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it("move the server from the old declaration to the new one, leaving undeclared keys alone", () => {
    fc.assert(
      fc.property(storedState, storedState, foreignKeys, (before, after, foreign) => {
        const undeclared = Object.fromEntries(
          Object.entries(foreign).filter(([key]) => !(key in before.credentials) && !(key in after.credentials)),
        );
        const server = serverWith(before.credentials, undeclared);
        const plan = planWrite(before.credentials, after.credentials);
        applyPut(server, plan.pairs);
        for (const [key, value] of Object.entries(after.credentials)) {
          expect(sameWireValue(key, server.get(key) ?? "", value)).toBe(true);
        }
        for (const key of plan.removed) {
          expect(server.get(key)).toBe(isJsonValuedKey(key) ? "{}" : undefined);
        }
        for (const [key, value] of Object.entries(undeclared)) {
          expect(server.get(key)).toBe(value);
        }
        expect(plan.clearedJsonKeys).toEqual(plan.removed.filter(isJsonValuedKey));
        expect(new Set(plan.pairs.map((pair) => pair.key)).size).toBe(plan.pairs.length);
      }),
      { numRuns: 300 },
    );
  });

  it("clear exactly the managed keys on delete", () => {
    fc.assert(
      fc.property(storedState, foreignKeys, (state, foreign) => {
        const plan = planClear(state.credentials);
        expect(plan.pairs).toEqual(state.keys.map((key) => ({ key, value: clearedValueFor(key) })));
        const undeclared = Object.fromEntries(Object.entries(foreign).filter(([key]) => !(key in state.credentials)));
        const server = serverWith(state.credentials, undeclared);
        applyPut(server, plan.pairs);
        expect(Object.fromEntries(server)).toEqual({
          ...undeclared,
          ...Object.fromEntries(state.keys.filter(isJsonValuedKey).map((key) => [key, "{}"])),
        });
      }),
      { numRuns: 200 },
    );
  });

  it("agree with the diff: credentials differ exactly when a write is planned", () => {
    fc.assert(
      fc.property(storedState, storedState, (before, after) => {
        const diff = diffSecrets(before, after);
        const plan = planWrite(before.credentials, after.credentials);
        expect(diff.changedProperties.includes("credentials")).toBe(plan.pairs.length > 0);
        expect(diff.changes).toBe(diff.changedProperties.length > 0);
      }),
      { numRuns: 300 },
    );
  });
});

describe("diffSecrets, property-based", () => {
  it("never replaces for the other id form of the same principal", () => {
    fc.assert(
      fc.property(storedState, fc.boolean(), (state, upper) => {
        const guid = upper ? state.servicePrincipalId.toUpperCase() : state.servicePrincipalId;
        const news = { ...state, servicePrincipalId: `/servicePrincipals/${guid}` };
        expect(diffSecrets(state, news)).toEqual({ changes: false, replaces: [], changedProperties: [] });
      }),
      { numRuns: 200 },
    );
  });

  it("finds no change between a state and the inputs it came from", () => {
    fc.assert(
      fc.property(knownValidInputs, (news) => {
        const state = checkInputs(news).state as SynchronizationSecretsState;
        expect(diffSecrets(state, news).changes).toBe(false);
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
