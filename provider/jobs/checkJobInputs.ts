import { CheckReasons, propertyPath } from "../core/checkInputs";
import { isPlainObject } from "../core/json";
import { normalizeServicePrincipalId } from "../core/ids";
import type { CheckFailure } from "../core/state";
import { isUnknown, UNKNOWN_VALUE, type UnknownValue } from "../core/unknown";
import { DEFAULTS } from "../defaults";
import type { GraphApiVersion } from "../types";
import type { CheckedJobInputs } from "./state";
import type { SynchronizationJobResetScope } from "./types";

/** The reset scopes a restart may send, in Graph's documented order. */
export const RESET_SCOPES: readonly SynchronizationJobResetScope[] = ["Escrows", "Watermark", "QuarantineState", "ForceDeletes", "Full"];

/** A template id as it appears in job ids (`scim`, `dataBricks`, `AD2AADProvisioning`): it becomes part of URL paths. */
const TEMPLATE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Every reason `checkJobInputs` gives: fixed text, so none can quote a value; those it shares are the secrets' own. */
export const JobCheckReasons = {
  inputsNotObject: CheckReasons.inputsNotObject,
  unknownProperty:
    "is not a property of SynchronizationJob; expected servicePrincipalId, templateId, enabled, waitForCredentials, " +
    "restartTrigger, restartScope, adoptExisting and apiVersion",
  servicePrincipalIdRequired: CheckReasons.servicePrincipalIdRequired,
  servicePrincipalIdMalformed: CheckReasons.servicePrincipalIdMalformed,
  templateIdRequired: "is required: one of the service principal's synchronization templates, e.g. scim",
  templateIdMalformed: "must be a synchronization template id: letters, digits, '.', '_' and '-', at most 128 characters",
  booleanRequired: "must be true or false",
  restartTriggerInvalid: "must be a non-empty string (any text; a new value restarts the job)",
  restartScopeNotList: `must be a list of reset scopes: ${RESET_SCOPES.join(", ")}`,
  resetScopeNone: 'is "None", which Microsoft says not to use: a paused or quarantined job is started with enabled: true',
  resetScopeConnectorDataStore: 'is "ConnectorDataStore", which Microsoft says to use only with the guidance of Microsoft Support',
  resetScopeUnknown: `is not a reset scope; expected one of ${RESET_SCOPES.join(", ")} (case-sensitive)`,
  resetScopeRepeated: "repeats a scope listed before it",
  apiVersionInvalid: CheckReasons.apiVersionInvalid,
} as const;

// `__provider` is the engine's, `jobId` and `scheduleState` our outputs, found when stored state is checked again.
const KNOWN_PROPERTIES: ReadonlySet<string> = new Set([
  "servicePrincipalId", "templateId", "enabled", "waitForCredentials", "restartTrigger", "restartScope", "adoptExisting",
  "apiVersion", "__provider", "jobId", "scheduleState",
]);

/** The result of {@link checkJobInputs}: the failures, or the normalized inputs (unknown parts kept as the marker). */
export type JobCheckOutcome = { failures: CheckFailure[]; inputs?: CheckedJobInputs };

/**
 * `check` of a `SynchronizationJob`: validates and normalizes the inputs without any call, so a preview fails on them.
 * `enabled` defaults to true, `waitForCredentials` and `adoptExisting` to false, `apiVersion` to the stack's.
 */
export function checkJobInputs(news: unknown, defaultApiVersion: GraphApiVersion = DEFAULTS.apiVersion): JobCheckOutcome {
  if (!isPlainObject(news)) return { failures: [{ property: "", reason: JobCheckReasons.inputsNotObject }] };
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string): undefined => void failures.push({ property, reason });
  const value = (name: string): unknown => (Object.hasOwn(news, name) ? news[name] : undefined);
  for (const name of Object.keys(news)) {
    if (!KNOWN_PROPERTIES.has(name)) fail(propertyPath("", name), JobCheckReasons.unknownProperty);
  }
  const flag = (name: string, fallback: boolean): boolean | UnknownValue => {
    const given = value(name);
    if (isUnknown(given) || typeof given === "boolean") return given;
    if (given !== undefined && given !== null) fail(name, JobCheckReasons.booleanRequired);
    return fallback;
  };
  const inputs = {
    servicePrincipalId: servicePrincipalId(value("servicePrincipalId"), fail),
    templateId: templateId(value("templateId"), fail),
    enabled: flag("enabled", true),
    waitForCredentials: flag("waitForCredentials", false),
    ...restartTrigger(value("restartTrigger"), fail),
    restartScope: restartScope(value("restartScope"), fail),
    adoptExisting: flag("adoptExisting", false),
    apiVersion: apiVersion(value("apiVersion"), defaultApiVersion, fail),
  };
  return failures.length > 0 ? { failures } : { failures, inputs: inputs as CheckedJobInputs };
}

type Fail = (property: string, reason: string) => undefined;

function servicePrincipalId(given: unknown, fail: Fail): string {
  if (isUnknown(given)) return given;
  if (given === undefined || given === null || given === "") return fail("servicePrincipalId", JobCheckReasons.servicePrincipalIdRequired) ?? "";
  const normalized = typeof given === "string" ? normalizeServicePrincipalId(given) : undefined;
  return normalized ?? fail("servicePrincipalId", JobCheckReasons.servicePrincipalIdMalformed) ?? "";
}

function templateId(given: unknown, fail: Fail): string {
  if (isUnknown(given)) return given;
  if (given === undefined || given === null || given === "") return fail("templateId", JobCheckReasons.templateIdRequired) ?? "";
  return typeof given === "string" && TEMPLATE_ID.test(given) ? given : (fail("templateId", JobCheckReasons.templateIdMalformed) ?? "");
}

/** The trigger as a property to spread: absent when none is declared, so the stored state has no key for it. */
function restartTrigger(given: unknown, fail: Fail): { restartTrigger?: string } {
  if (given === undefined || given === null) return {};
  if (isUnknown(given) || (typeof given === "string" && given !== "")) return { restartTrigger: given };
  fail("restartTrigger", JobCheckReasons.restartTriggerInvalid);
  return {};
}

function restartScope(given: unknown, fail: Fail): SynchronizationJobResetScope[] | UnknownValue {
  if (isUnknown(given)) return given;
  if (given === undefined || given === null) return [];
  if (!Array.isArray(given)) return fail("restartScope", JobCheckReasons.restartScopeNotList) ?? [];
  const scopes: SynchronizationJobResetScope[] = [];
  let known = true;
  given.forEach((scope: unknown, index) => {
    const property = `restartScope[${index}]`;
    if (isUnknown(scope)) known = false;
    else if (scope === "None") fail(property, JobCheckReasons.resetScopeNone);
    else if (scope === "ConnectorDataStore") fail(property, JobCheckReasons.resetScopeConnectorDataStore);
    else if (!RESET_SCOPES.includes(scope as SynchronizationJobResetScope)) fail(property, JobCheckReasons.resetScopeUnknown);
    else if (scopes.includes(scope as SynchronizationJobResetScope)) fail(property, JobCheckReasons.resetScopeRepeated);
    else scopes.push(scope as SynchronizationJobResetScope);
  });
  return known ? scopes : UNKNOWN_VALUE;
}

function apiVersion(given: unknown, fallback: GraphApiVersion, fail: Fail): GraphApiVersion | UnknownValue {
  if (isUnknown(given) || given === "v1.0" || given === "beta") return given;
  if (given !== undefined && given !== null) fail("apiVersion", JobCheckReasons.apiVersionInvalid);
  return fallback;
}
