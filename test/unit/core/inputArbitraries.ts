// Generators for the property-based tests: raw resource inputs, valid and malformed, whose every secret-like
// string carries the marker "zqx", so a test can look for any of them in failure reasons.
import fc from "fast-check";
import { SECRET_KEY_NAMES } from "../../../provider/core/keys";
import { UNKNOWN_VALUE } from "../../../provider/core/unknown";

/** Every generated value string starts with this; no fixed reason text contains it. */
export const MARKER = "zqx";

const ALPHANUMERIC = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789".split(""));

/** A value-like string: the marker and a few alphanumerics. */
export const markedText = fc.string({ unit: ALPHANUMERIC, minLength: 1, maxLength: 8 }).map((rest) => MARKER + rest);

const JSON_KEYED = ["AppKey", "Domain", "SyncNotificationSettings"];

/** Numbers whose text keeps every digit: integers, safe integers at the edge, decimals of a few digits. */
const exactNumber = fc.oneof(
  fc.integer(),
  fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }).map((thousandths) => thousandths / 1000),
  fc.constantFrom(2 ** 53 - 1, -(2 ** 53 - 1), 0.000001, -0),
);

/** Numbers that cannot be stored as written: unsafe integers, too many digits, exponent forms. */
const inexactNumber = fc.oneof(
  fc.constantFrom(Number("12345678901234567890"), 2 ** 53, -(2 ** 64), 1e21, 0.1 + 0.2, 1e-7, 5e-324, Number.MAX_VALUE),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: 1e-300, max: 1e300 }),
);

/** A plain JSON leaf with marked strings (the unknown marker may stand in for any leaf). */
const jsonLeaf = fc.oneof(
  { weight: 4, arbitrary: markedText },
  { weight: 3, arbitrary: exactNumber },
  { weight: 2, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant(UNKNOWN_VALUE) },
);

const jsonMemberName = fc.oneof(markedText, fc.constantFrom("Enabled", "domain", "__proto__", "constructor", ""));

/** Plain JSON data, a few levels deep. */
export const jsonData: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    jsonLeaf,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(jsonMemberName, tie("value"), { maxKeys: 3 }),
  ),
})).value;

/** A plain JSON object. */
export const jsonObject = fc.dictionary(jsonMemberName, jsonData, { maxKeys: 4 });

/** Nesting far past the limit: `{ a: { a: ... } }` or `[[...]]`, built without recursion. */
const deepValue = fc.tuple(fc.integer({ min: 33, max: 3_000 }), fc.boolean(), markedText).map(([depth, asList, leaf]) => {
  let value: unknown = leaf;
  for (let level = 0; level < depth; level += 1) value = asList ? [value] : { [MARKER]: value };
  return value;
});

/** An object that contains itself, directly or one level down. */
const cyclicValue = fc.tuple(markedText, fc.boolean()).map(([leaf, direct]) => {
  const object: Record<string, unknown> = { leaf };
  object["again"] = direct ? object : { object };
  return object;
});

/** Not JSON data: one bad leaf somewhere inside an otherwise plain object. */
const notJsonData = fc
  .tuple(
    jsonObject,
    fc.oneof(
      fc.constantFrom<unknown>(undefined, Number.NaN, Number.POSITIVE_INFINITY, new Date(0), () => 1, [1, undefined]),
      inexactNumber,
      deepValue,
      cyclicValue,
    ),
  )
  .map(([object, bad]) => ({ ...object, [`${MARKER}bad`]: bad }));

/** A huge value-like string: the marker and a filler repeated to 64 KiB - 1 MiB. */
const hugeText = fc
  .tuple(markedText, fc.integer({ min: 64 * 1024, max: 1024 * 1024 }))
  .map(([text, length]) => text.repeat(Math.ceil(length / text.length)).slice(0, length));

const host = fc.string({ unit: ALPHANUMERIC, minLength: 1, maxLength: 6 }).map((name) => `${MARKER}${name}.example`);

/** Absolute https URLs. */
export const httpsUrl = fc
  .tuple(host, fc.option(fc.integer({ min: 1, max: 65535 })), fc.option(markedText))
  .map(([name, port, path]) => `https://${name}${port === null ? "" : `:${port}`}${path === null ? "" : `/${path}`}`);

/** URL-like strings that are not absolute https URLs. */
const notHttpsUrl = fc.oneof(
  host.map((name) => `http://${name}/`),
  host.map((name) => `${name}/scim`),
  host.map((name) => `https:///${name}`),
  host.map((name) => `https:${name}`),
  host.map((name) => `https://${name}/a b`),
  host.map((name) => ` https://${name}`),
);

/** JSON text for a JSON-valued key: objects (valid), and other JSON or broken text (invalid). */
const jsonText = fc.oneof(
  { weight: 3, arbitrary: jsonObject.map((object) => JSON.stringify(object, null, 1)) },
  { weight: 1, arbitrary: fc.array(jsonData, { maxLength: 2 }).map((array) => JSON.stringify(array)) },
  { weight: 1, arbitrary: markedText.map((text) => `{"${text}":`) },
  { weight: 1, arbitrary: markedText.map((text) => JSON.stringify(text)) },
);

/** Any value at all that a user or the engine might put where a secret's value goes. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  markedText,
  fc.constant(""),
  fc.constant("   "),
  fc.integer(),
  fc.double(),
  inexactNumber,
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(UNKNOWN_VALUE),
  jsonObject,
  notJsonData,
  deepValue,
  cyclicValue,
  hugeText,
  fc.array(markedText, { maxLength: 2 }),
  jsonText,
  httpsUrl,
  notHttpsUrl,
  fc.constant(Symbol("value")),
  fc.constant(10n),
);

/** A value meant to be valid for `name` (when `name` is documented). */
function validValueFor(name: string): fc.Arbitrary<unknown> {
  if (JSON_KEYED.includes(name)) {
    return fc.oneof(jsonObject, jsonObject.map((object) => JSON.stringify(object)), fc.constant(UNKNOWN_VALUE));
  }
  if (name === "BaseAddress") {
    return fc.oneof({ weight: 5, arbitrary: httpsUrl }, { weight: 1, arbitrary: fc.constant(UNKNOWN_VALUE) });
  }
  return fc.oneof(
    { weight: 4, arbitrary: markedText },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(UNKNOWN_VALUE) },
  );
}

/** Mostly a value that fits the key, sometimes anything. */
function valueFor(name: unknown): fc.Arbitrary<unknown> {
  if (typeof name !== "string") {
    return anyValue;
  }
  return fc.oneof(
    { weight: 12, arbitrary: validValueFor(name) },
    { weight: 2, arbitrary: anyValue },
    { weight: 1, arbitrary: fc.constantFrom<unknown>("", Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY) },
  );
}

/** Key names: mostly documented, sometimes a case slip, a typo, a prototype name or noise. */
export const keyName = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...SECRET_KEY_NAMES) },
  { weight: 1, arbitrary: fc.constantFrom(...SECRET_KEY_NAMES).map((name) => name.toLowerCase()) },
  { weight: 1, arbitrary: fc.constantFrom(...SECRET_KEY_NAMES).map((name) => name.slice(0, -1)) },
  { weight: 1, arbitrary: fc.constantFrom("__proto__", "constructor", "toString", "", "Secret Token") },
  { weight: 1, arbitrary: markedText },
);

/** The map form. */
const credentialMap = fc
  .uniqueArray(keyName, { minLength: 0, maxLength: 5 })
  .chain((names) => fc.tuple(...names.map((name) => valueFor(name).map((value) => [name, value] as const))))
  .map((entries) => Object.fromEntries(entries));

/** One entry of the list form, well-formed or not. */
const credentialEntry: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 12, arbitrary: keyName.chain((key) => valueFor(key).map((value) => ({ key, value }))) },
  { weight: 1, arbitrary: anyValue.map((value) => ({ key: UNKNOWN_VALUE, value })) },
  { weight: 1, arbitrary: keyName.chain((key) => valueFor(key).map((value) => ({ key, value, [`${MARKER}x`]: 1 }))) },
  { weight: 1, arbitrary: valueFor("SecretToken").map((value) => ({ value })) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, UNKNOWN_VALUE, `${MARKER}entry`, 7, [], { key: 7, value: "x" }) },
);

/** The list form; duplicates happen naturally since names repeat. */
const credentialList = fc.array(credentialEntry, { minLength: 0, maxLength: 5 });

/** Any `credentials` input. */
export const credentials: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: credentialMap },
  { weight: 6, arbitrary: credentialList },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(UNKNOWN_VALUE, null, undefined, 5, `${MARKER}credentials`, new Map()) },
);

const guid = fc.uuid();

/** Any `servicePrincipalId`. */
export const servicePrincipalId: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: guid },
  { weight: 2, arbitrary: guid.map((id) => `/servicePrincipals/${id.toUpperCase()}`) },
  { weight: 1, arbitrary: fc.constant(UNKNOWN_VALUE) },
  { weight: 1, arbitrary: guid.map((id) => `${id}${MARKER}`) },
  { weight: 1, arbitrary: markedText },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, 42, {}) },
);

/** Any `apiVersion`. */
export const apiVersion: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<unknown>(undefined, "v1.0", "beta") },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, UNKNOWN_VALUE) },
  { weight: 1, arbitrary: fc.oneof(markedText, fc.constantFrom<unknown>("V1.0", "v2", 1)) },
);

/** Whole resource inputs: mostly objects with the three properties, sometimes extras or junk. */
export const resourceInputs: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 20,
    arbitrary: fc
      .record({
        servicePrincipalId,
        credentials,
        apiVersion,
        extra: fc.option(fc.constantFrom("__provider", "keys", "apiversion", `${MARKER}prop`), { freq: 5 }),
      })
      .map(({ extra, ...inputs }) => {
        const news: Record<string, unknown> = { ...inputs };
        if (inputs.apiVersion === undefined) {
          delete news["apiVersion"];
        }
        if (extra !== null) {
          news[extra] = `${MARKER}extra`;
        }
        return news;
      }),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, undefined, 5, `${MARKER}inputs`, [], [{}]) },
);

/** Only inputs that are valid and fully known, in either credentials form. */
export const knownValidInputs = fc
  .record({
    servicePrincipalId: fc.oneof(guid, guid.map((id) => `/servicePrincipals/${id}`)),
    names: fc.uniqueArray(fc.constantFrom(...SECRET_KEY_NAMES), { minLength: 1, maxLength: 6 }),
    apiVersion: fc.constantFrom("v1.0", "beta"),
    asList: fc.boolean(),
  })
  .chain(({ names, asList, ...rest }) =>
    fc
      .tuple(...names.map((name) => validValueFor(name).filter((value) => value !== UNKNOWN_VALUE)))
      .filter((values) => !values.some((value) => JSON.stringify(value)?.includes(UNKNOWN_VALUE)))
      .map((values) => {
        const entries = names.map((name, index) => [name, values[index]] as const);
        const declared = asList
          ? entries.map(([key, value]) => ({ key, value }))
          : Object.fromEntries(entries);
        return { ...rest, credentials: declared };
      }),
  );
