import { ErrorEcho } from "../beliefs";
import { SecretPair } from "./putBody";

/** How many characters a truncated echo keeps at most: never more than half of the value. */
const TRUNCATED_CHARACTERS = 8;

function firstJsonMember(value: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return undefined;
  const entries = Object.entries(parsed);
  // A string field is the likeliest to be sensitive (recipients, a domain): echo it first.
  const [name, member] = entries.find(([, item]) => typeof item === "string") ?? entries[0] ?? [];
  return name === undefined ? undefined : `${JSON.stringify(name)}:${JSON.stringify(member)}`;
}

/**
 * The sentence an error answer adds under the `errorEcho` reading, or undefined:
 * - `json-field`: the first string field (else the first field) of the first pair whose value is a JSON object,
 *   e.g. `The request included SyncNotificationSettings {"Recipients":"ops@contoso.com"}.`;
 * - `truncated-value`: the first half (at most 8 characters) of the first non-empty value of a masked key (else of
 *   any key), e.g. `The request included SecretToken 'passwo...'.`.
 */
export function echoSentence(
  echo: ErrorEcho,
  pairs: readonly SecretPair[],
  maskedKeys: readonly string[],
): string | undefined {
  if (echo === "json-field") {
    for (const { key, value } of pairs) {
      const member = firstJsonMember(value);
      if (member !== undefined) return `The request included ${key} {${member}}.`;
    }
    return undefined;
  }
  if (echo === "truncated-value") {
    const filled = pairs.filter(({ value }) => value !== "");
    const pair = filled.find(({ key }) => maskedKeys.includes(key)) ?? filled[0];
    if (pair === undefined) return undefined;
    const kept = Math.min(TRUNCATED_CHARACTERS, Math.floor(pair.value.length / 2));
    return `The request included ${pair.key} '${pair.value.slice(0, kept)}...'.`;
  }
  return undefined;
}
