import { CheckReasons } from "./checkReasons";
import { InputChecker } from "./inputChecker";
import type { ApiVersion, CheckedState, CheckFailure, SynchronizationSecretsState } from "./types";
import { containsUnknown } from "./unknown";

/** Options of {@link checkInputs}. */
export interface CheckOptions {
  /** The API version when `apiVersion` is not given. Default `"v1.0"`. */
  defaultApiVersion?: ApiVersion;
}

/** The result of {@link checkInputs}. */
export interface CheckOutcome {
  /** Every problem found, in input order; empty when the inputs are valid. */
  failures: CheckFailure[];
  /** The normalized inputs, present exactly when there are no failures; unknown parts stay the unknown marker. */
  state?: CheckedState;
}

/**
 * Validates and normalizes the resource inputs (Pulumi's `check`, run in previews too). Never throws, whatever
 * `news` is. Failure reasons name properties and keys, never values. Unknown values (previews) are accepted
 * wherever they appear and kept in the state as the unknown marker.
 *
 * Decisions where the spec is silent: properties other than `servicePrincipalId`, `credentials` and
 * `apiVersion` are rejected (a typo such as `apiversion` would otherwise be silently ignored), except the
 * engine's `__provider` and our own output `keys`; a JSON-valued key takes an object (arrays are rejected: every
 * documented JSON value is an object); `null` for `apiVersion` means "not given".
 */
export function checkInputs(news: unknown, options: CheckOptions = {}): CheckOutcome {
  const settings: Required<CheckOptions> = { defaultApiVersion: options.defaultApiVersion ?? "v1.0" };
  try {
    return new InputChecker(settings).check(news);
  } catch {
    // Only reachable through exotic objects (throwing getters, hostile proxies); say so without detail.
    return { failures: [{ property: "", reason: CheckReasons.uninspectable }] };
  }
}

/**
 * Whether checked inputs are complete: no property, key or value is still unknown. Outside a preview they always
 * are; `create` and `update` can assert it before writing.
 */
export function isKnownState(state: CheckedState): state is SynchronizationSecretsState {
  return !containsUnknown(state);
}
