/**
 * Every reading of Graph the emulator can take, machine-readable, so an engine test matrix and a live-tenant check
 * can iterate over them: a name per setting value, where that belief comes from, and the options that select it
 * (`startEmulator(options)`, `emulator.configure(options)`, `emulator.applyReading(name)`,
 * `PATCH /_emulator/behaviour`, `POST /_emulator/readings/{name}`). Sources are sections of
 * `shared/reference/graph-synchronization-api.md` unless they name an issue or a page.
 */
import { DEFAULT_JSON_VALUED_KEYS, DEFAULT_MASKED_KEYS, SECRET_KEY_NAMES } from "./directory/secretCatalogue";
import { EmulatorControlError } from "./emulatorControlError";
import { DEFAULT_BEHAVIOUR, EmulatorBehaviour } from "./options";

/**
 * How a reading is known: `documented` by Microsoft, `observed` in a tenant or relied on by shipped clients,
 * `inferred` from the sources, `assumed` where they are silent.
 */
export type ReadingTag = "documented" | "observed" | "inferred" | "assumed";

/** The beliefs a reading belongs to: one behaviour setting each. */
export type Belief = keyof Pick<
  EmulatorBehaviour,
  | "putSemantics" | "replicationAnswer" | "jsonValuedKeys" | "jsonEmptyString" | "jsonEmptyObject" | "maskedKeys"
  | "jsonValueOnRead" | "errorEcho" | "throttledRequestCost" | "putSuccessStatus" | "ownedByReadsSecrets"
  | "permissionDenied"
>;

/** One reading of one belief. */
export interface EmulatorReading {
  /** Unique and stable, e.g. `put-replace`. */
  readonly name: string;
  readonly belief: Belief;
  readonly tag: ReadingTag;
  /** Where the tag comes from. */
  readonly source: string;
  /** What Graph does under this reading, in one sentence. */
  readonly summary: string;
  /** True for the reading a new emulator takes. */
  readonly isDefault: boolean;
  /** The behaviour settings that select it. */
  readonly options: Partial<EmulatorBehaviour>;
}

type ReadingSpec = Omit<EmulatorReading, "isDefault">;

const SPECS: readonly ReadingSpec[] = [
  {
    name: "put-merge", belief: "putSemantics", tag: "inferred", options: { putSemantics: "merge" },
    summary: "PUT upserts the listed keys; keys not listed are kept.",
    source: "§1.6: the `\"\"` removal workaround (msgraph-metadata#347) and terraform's Delete rely on it",
  },
  {
    name: "put-replace", belief: "putSemantics", tag: "inferred", options: { putSemantics: "replace" },
    summary: "PUT replaces the whole set: keys not listed are dropped.",
    source: "§1.6: Cloud Sync guide, read literally (\"add all the values ... to preserve the other values\")",
  },
  {
    name: "replication-404", belief: "replicationAnswer", tag: "observed", options: { replicationAnswer: "404-not-found" },
    summary: "A principal still replicating answers 404 Request_ResourceNotFound.",
    source: "azure-identity-and-http.md §5; terraform's job create waits out 404 (§2.5)",
  },
  {
    name: "replication-400-no-backing-application-object", belief: "replicationAnswer", tag: "inferred",
    options: { replicationAnswer: "400-no-backing-application-object" },
    summary: "It answers 400 Request_BadRequest with a NoBackingApplicationObject detail.",
    source: "issue #12; the body as observed when creating a principal for an app not yet replicated",
  },
  {
    name: "replication-403-authorization-denied", belief: "replicationAnswer", tag: "observed",
    options: { replicationAnswer: "403-authorization-denied" },
    summary: "It answers 403 Authorization_RequestDenied.",
    source: "§2.6: terraform-provider-azuread retries 403 as eventual consistency",
  },
  {
    name: "replication-409-concurrency-violation", belief: "replicationAnswer", tag: "observed",
    options: { replicationAnswer: "409-concurrency-violation" },
    summary: "It answers 409 Directory_ConcurrencyViolation.",
    source: "§2.6: terraform and hamilton retry 409 on synchronization; the code as observed on applications",
  },
  {
    name: "replication-401-unknown-error", belief: "replicationAnswer", tag: "observed",
    options: { replicationAnswer: "401-unknown-error" },
    summary: "It answers 401 UnknownError with an OData body (no WWW-Authenticate).",
    source: "§2.6: hamilton's ServicePrincipalDoesNotExistConsistency (\"Api calls give UnknownError\")",
  },
  {
    name: "json-keys-observed", belief: "jsonValuedKeys", tag: "observed",
    options: { jsonValuedKeys: DEFAULT_JSON_VALUED_KEYS },
    summary: "Only SyncNotificationSettings must hold a JSON object.",
    source: "§1.3, §1.6: msgraph-metadata#347",
  },
  {
    name: "json-keys-cloud-sync", belief: "jsonValuedKeys", tag: "inferred",
    options: { jsonValuedKeys: ["SyncNotificationSettings", "Domain", "AppKey"] },
    summary: "Domain and AppKey must hold a JSON object too.",
    source: "§1.5: the Cloud Sync guide documents both as JSON objects; that Graph refuses other values is inferred",
  },
  {
    name: "json-empty-string-rejected", belief: "jsonEmptyString", tag: "observed", options: { jsonEmptyString: "rejected" },
    summary: "`\"\"` on a JSON-valued key is refused with 400 UnknownError (Invalid<Key> inside).",
    source: "§1.3, §1.6: msgraph-metadata#347 (InvalidNotificationSettings)",
  },
  {
    name: "json-empty-string-removes", belief: "jsonEmptyString", tag: "assumed", options: { jsonEmptyString: "removes" },
    summary: "`\"\"` removes a JSON-valued key, as it does a plain key.",
    source: "none: the other way the service could treat it",
  },
  {
    name: "json-empty-object-kept", belief: "jsonEmptyObject", tag: "observed", options: { jsonEmptyObject: "kept" },
    summary: "`\"{}\"` is stored; the key stays.",
    source: "§1.6: msgraph-metadata#347",
  },
  {
    name: "json-empty-object-removes", belief: "jsonEmptyObject", tag: "assumed", options: { jsonEmptyObject: "removes" },
    summary: "`\"{}\"` removes the key.",
    source: "none",
  },
  {
    name: "json-empty-object-rejected", belief: "jsonEmptyObject", tag: "assumed", options: { jsonEmptyObject: "rejected" },
    summary: "`\"{}\"` is refused with 400 UnknownError (required settings missing).",
    source: "none: e.g. a Domain without its `domain` field",
  },
  {
    name: "masked-default", belief: "maskedKeys", tag: "assumed", options: { maskedKeys: DEFAULT_MASKED_KEYS },
    summary: "Password and SecretToken [obs] and eight more credential keys [assumed] come back as \"*\".",
    source: "§1.7 (support wiki sample, terraform); the rest: each is a credential on its own",
  },
  {
    name: "masked-observed-only", belief: "maskedKeys", tag: "observed", options: { maskedKeys: ["Password", "SecretToken"] },
    summary: "Only Password and SecretToken come back as \"*\".",
    source: "§1.7",
  },
  {
    name: "masked-every-key", belief: "maskedKeys", tag: "assumed", options: { maskedKeys: SECRET_KEY_NAMES },
    summary: "Every key comes back as \"*\": no drift of any value can be seen.",
    source: "none: the worst case for refresh",
  },
  {
    name: "json-read-as-written", belief: "jsonValueOnRead", tag: "assumed", options: { jsonValueOnRead: "as-written" },
    summary: "GET returns a JSON value byte for byte as written.",
    source: "none: §1.7 shows values in clear but not whether re-serialized",
  },
  {
    name: "json-read-normalized", belief: "jsonValueOnRead", tag: "assumed", options: { jsonValueOnRead: "normalized" },
    summary: "GET returns a JSON-valued key compact, its fields reordered, missing defaults added.",
    source: "none: what a service that parses and re-serializes would do",
  },
  {
    name: "error-echo-none", belief: "errorEcho", tag: "assumed", options: { errorEcho: "none" },
    summary: "Error answers never repeat the request.",
    source: "none",
  },
  {
    name: "error-echo-json-field", belief: "errorEcho", tag: "assumed", options: { errorEcho: "json-field" },
    summary: "Error answers to a PUT or validateCredentials repeat one field of a JSON value.",
    source: "none: services often name the offending field and its value",
  },
  {
    name: "error-echo-truncated-value", belief: "errorEcho", tag: "assumed", options: { errorEcho: "truncated-value" },
    summary: "Error answers to a PUT or validateCredentials repeat the first characters of a value.",
    source: "none",
  },
  {
    name: "throttled-free", belief: "throttledRequestCost", tag: "assumed", options: { throttledRequestCost: "nothing" },
    summary: "A throttled request takes no token.",
    source: "none",
  },
  {
    name: "throttled-costs-a-token", belief: "throttledRequestCost", tag: "documented",
    options: { throttledRequestCost: "one-token" },
    summary: "A throttled request still takes a token, so retrying early extends the wait.",
    source: "§4: \"throttled requests still count against usage\"",
  },
  {
    name: "put-204", belief: "putSuccessStatus", tag: "documented", options: { putSuccessStatus: 204 },
    summary: "A successful PUT answers 204 with no body.",
    source: "§1.3",
  },
  {
    name: "put-200", belief: "putSuccessStatus", tag: "inferred", options: { putSuccessStatus: 200 },
    summary: "A successful PUT answers 200 with the stored set as GET shows it.",
    source: "§1.3: go-azure-sdk accepts 200, 201, 202 or 204; the body is assumed",
  },
  {
    name: "owned-by-reads-secrets", belief: "ownedByReadsSecrets", tag: "assumed", options: { ownedByReadsSecrets: true },
    summary: "Application.ReadWrite.OwnedBy plus ownership of the principal may GET secrets.",
    source: "§1.4: documented for PUT; GET is undocumented",
  },
  {
    name: "owned-by-cannot-read-secrets", belief: "ownedByReadsSecrets", tag: "observed",
    options: { ownedByReadsSecrets: false },
    summary: "GET secrets needs Synchronization.Read.All (or ReadWrite.All); OwnedBy alone is denied.",
    source: "§1.4: docs-contrib#1045; zerotrustassessment#1382 saw 401 without it",
  },
  {
    name: "denied-401-unknown-error", belief: "permissionDenied", tag: "observed",
    options: { permissionDenied: "401-unknown-error" },
    summary: "A call without permission answers 401 UnknownError with an empty message.",
    source: "§1.3: docs-contrib#8800",
  },
  {
    name: "denied-403-authorization-denied", belief: "permissionDenied", tag: "inferred",
    options: { permissionDenied: "403-authorization-denied" },
    summary: "A call without permission answers 403 Authorization_RequestDenied.",
    source: "Graph's usual answer elsewhere",
  },
];

/** True when the reading's options are the defaults (so `options.ts` stays the one home of the defaults). */
function isDefaultReading(options: Partial<EmulatorBehaviour>): boolean {
  return Object.entries(options).every(
    ([key, value]) => JSON.stringify(value) === JSON.stringify(DEFAULT_BEHAVIOUR[key as keyof EmulatorBehaviour]),
  );
}

/** Every reading, grouped by belief, the default first in each group. */
export const EMULATOR_READINGS: readonly EmulatorReading[] = SPECS.map((spec) => ({
  ...spec,
  isDefault: isDefaultReading(spec.options),
}));

/** The reading with this name, or an EmulatorControlError (404) that lists the names. */
export function findReading(name: string): EmulatorReading {
  const reading = EMULATOR_READINGS.find((candidate) => candidate.name === name);
  if (reading === undefined) {
    const known = EMULATOR_READINGS.map((item) => item.name).join(", ");
    throw new EmulatorControlError(`No reading '${name}'. Known: ${known}.`, 404);
  }
  return reading;
}
