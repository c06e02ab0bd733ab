import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkInputs } from "../../../provider/core/checkInputs";
import { clearedValueFor, isJsonValuedKey, sameWireValue, SECRET_KEY_NAMES } from "../../../provider/core/keys";
import { diffState, planClear, planWrite } from "../../../provider/core/plan";
import { mergeRefresh } from "../../../provider/core/refresh";
import type { CheckedState, DeclaredSecrets, SecretPair, SynchronizationSecretsState } from "../../../provider/core/state";
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
        const removed = before.keys.filter((key) => !(key in after.credentials));
        applyPut(server, plan.pairs);
        for (const [key, value] of Object.entries(after.credentials)) {
          expect(sameWireValue(key, server.get(key) ?? "", value)).toBe(true);
        }
        for (const key of removed) {
          expect(server.get(key)).toBe(isJsonValuedKey(key) ? "{}" : undefined);
        }
        for (const [key, value] of Object.entries(undeclared)) {
          expect(server.get(key)).toBe(value);
        }
        expect(plan.clearedJsonKeys).toEqual(removed.filter(isJsonValuedKey));
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
