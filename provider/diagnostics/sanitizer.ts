/** The one marker that stands in for whatever the sanitizer removes. */
export const REDACTED = "[REDACTED]";

/** Text longer than this is cut before it is scrubbed, so no answer of a server can make scrubbing slow. */
export const MAX_SCRUBBED_LENGTH = 1_024;

/**
 * A run of this many characters of a known value is scrubbed wherever it stands, so echoes of part of a value count;
 * shorter runs would hide ordinary words that a value happens to contain.
 */
const FRAGMENT_LENGTH = 8;
const WORD_CHARACTER = /[A-Za-z0-9]/;
// Form or JSON fields that carry credentials, should an error echo a request body; their value ends at one of these.
const CREDENTIAL_FIELDS = ["client_secret", "client_assertion", "access_token", "password"];
const FIELD_VALUE_END = /[\s"'&,}]/;
const MAX_CAUSE_DEPTH = 4;

/** Counts the characters the sanitizer looks at; tests use it to show the work grows linearly with the text. */
export interface ScrubWork {
  steps: number;
}

/**
 * Scrubs text about to be shown (a server's error message, an error from a library): every known value, whole or any
 * run of {@link FRAGMENT_LENGTH} of its characters, verbatim or JSON-escaped (a value shorter than that where it
 * stands alone), anything shaped like a JSON Web Token or a bearer token, and credential fields. Each maximal run of
 * removed text becomes one {@link REDACTED}. Linear in the text and the known values: the text is cut to
 * {@link MAX_SCRUBBED_LENGTH} first, and one pass with no backtracking pattern finds everything.
 *
 * @param text - the text to show
 * @param known - values that must not appear: the secret values of a request, its bearer token, a credential's secrets
 * @param options - `maxLength` overrides the cut; `work` counts the characters looked at
 */
export function scrub(text: string, known: Iterable<string> = [], options: { maxLength?: number; work?: ScrubWork } = {}): string {
  const work = options.work ?? { steps: 0 };
  const source = text.length > (options.maxLength ?? MAX_SCRUBBED_LENGTH) ? text.slice(0, options.maxLength ?? MAX_SCRUBBED_LENGTH) : text;
  const hidden = new Uint8Array(source.length);
  const hide = (from: number, to: number): void => {
    hidden.fill(1, from, to);
  };
  hideKnownValues(source, known, source.length < text.length, hide, work);
  hideTokens(source, hide, work);
  hideCredentialFields(source, hide, work);
  const parts: string[] = [];
  for (let start = 0, end = 0; start < source.length; start = end) {
    const removed = hidden[start] === 1;
    while (end < source.length && (hidden[end] === 1) === removed) end += 1;
    parts.push(removed ? REDACTED : source.slice(start, end));
  }
  work.steps += source.length;
  return parts.join("");
}

function hideKnownValues(
  text: string,
  known: Iterable<string>,
  cut: boolean,
  hide: (from: number, to: number) => void,
  work: ScrubWork,
): void {
  // Where each fragment of the text stands; a fragment shared with a known value is hidden at every place.
  const places = new Map<string, number[]>();
  for (let index = 0; index + FRAGMENT_LENGTH <= text.length; index += 1) {
    const fragment = text.slice(index, index + FRAGMENT_LENGTH);
    const found = places.get(fragment);
    if (found === undefined) places.set(fragment, [index]);
    else found.push(index);
  }
  work.steps += text.length;
  for (const value of known) {
    for (const form of new Set([value, JSON.stringify(value).slice(1, -1)])) {
      // Where the text was cut, the start of a value may be all that is left of it.
      for (let length = Math.min(form.length, FRAGMENT_LENGTH - 1); cut && length > 0; length -= 1) {
        if (text.endsWith(form.slice(0, length))) {
          hide(text.length - length, text.length);
          break;
        }
      }
      if (form.length >= FRAGMENT_LENGTH) {
        for (let index = 0; index + FRAGMENT_LENGTH <= form.length; index += 1) {
          const fragment = form.slice(index, index + FRAGMENT_LENGTH);
          for (const place of places.get(fragment) ?? []) hide(place, place + FRAGMENT_LENGTH);
          places.delete(fragment);
        }
        work.steps += form.length;
      } else if (form !== "") {
        hideStandingAlone(text, form, hide);
        work.steps += text.length;
      }
    }
  }
}

/** A short value, where it is not part of a longer word: "1" in "count 1" but not in "100". */
function hideStandingAlone(text: string, value: string, hide: (from: number, to: number) => void): void {
  const wordStart = WORD_CHARACTER.test(value[0] ?? "");
  const wordEnd = WORD_CHARACTER.test(value[value.length - 1] ?? "");
  for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
    const end = at + value.length;
    if (!(wordStart && WORD_CHARACTER.test(text[at - 1] ?? "")) && !(wordEnd && WORD_CHARACTER.test(text[end] ?? ""))) {
      hide(at, end);
    }
  }
}

// Characters of bearer tokens and JSON Web Tokens (base64url, base64, and the separators of both), as a lookup table.
const TOKEN_CHARACTERS = new Uint8Array(128).map((_, code) => (/[A-Za-z0-9._~+/=-]/.test(String.fromCharCode(code)) ? 1 : 0));
const isTokenCharacter = (code: number): boolean => code < 128 && TOKEN_CHARACTERS[code] === 1;

/** One pass over the runs of token characters: a JSON Web Token (`eyJ…` with two dots) or the word after `Bearer`. */
function hideTokens(text: string, hide: (from: number, to: number) => void, work: ScrubWork): void {
  let start = 0;
  while (start < text.length) {
    if (!isTokenCharacter(text.charCodeAt(start))) {
      start += 1;
      continue;
    }
    let end = start;
    while (end < text.length && isTokenCharacter(text.charCodeAt(end))) end += 1;
    const run = text.slice(start, end);
    const jwt = run.indexOf("eyJ");
    const parts = jwt < 0 ? [] : run.slice(jwt).split(".");
    if (parts.length >= 3 && (parts[0]?.length ?? 0) >= 5 && (parts[1]?.length ?? 0) >= 2) {
      hide(start + jwt, end);
    }
    let before = start - 1;
    while (before >= 0 && /\s/.test(text[before] ?? "")) before -= 1;
    const word = text.slice(Math.max(0, before - 5), before + 1).toLowerCase();
    if (before < start - 1 && word === "bearer" && !WORD_CHARACTER.test(text[before - 6] ?? "")) {
      hide(start, end);
    }
    work.steps += end - start + (start - 1 - before);
    start = end;
  }
}

/** `client_secret=…`, `"password": "…"` and the like: the value after the name, up to the next delimiter. */
function hideCredentialFields(text: string, hide: (from: number, to: number) => void, work: ScrubWork): void {
  const lower = text.toLowerCase();
  for (const field of CREDENTIAL_FIELDS) {
    for (let at = lower.indexOf(field), next = 0; at >= 0; at = lower.indexOf(field, Math.max(at + 1, next))) {
      let index = at + field.length;
      index += /["']/.test(text[index] ?? "") ? 1 : 0;
      while (/\s/.test(text[index] ?? "")) index += 1;
      if (text[index] !== "=" && text[index] !== ":") continue;
      index += 1;
      while (/\s/.test(text[index] ?? "")) index += 1;
      index += /["']/.test(text[index] ?? "") ? 1 : 0;
      const valueStart = index;
      while (index < text.length && !FIELD_VALUE_END.test(text[index] ?? "")) index += 1;
      hide(valueStart, index);
      // A name inside a value already hidden needs no second look.
      next = index;
      work.steps += index - at;
    }
    work.steps += text.length;
  }
}

/**
 * A copy of an error chain that keeps only `name` and a scrubbed `message` per level, no stack. Errors from
 * `@azure/identity` and MSAL may hold request objects, headers and bodies; the copy can be logged or serialized.
 */
export function sanitizedCause(error: unknown, known: readonly string[], depth = 0): Error | undefined {
  if (error === undefined || error === null || depth >= MAX_CAUSE_DEPTH) {
    return undefined;
  }
  const source = error instanceof Error ? error : new Error(String(error));
  const inner = sanitizedCause(source.cause, known, depth + 1);
  const copy = new Error(scrub(source.message, known), inner === undefined ? undefined : { cause: inner });
  copy.name = source.name;
  delete copy.stack;
  return copy;
}

/** Text on one line: control characters become spaces, and a long text is cut, so nobody can forge log lines. */
export function printable(text: string, maxLength: number): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength)}...` : flat;
}

const EXPECTED_CHARACTERS = { id: /[^A-Za-z0-9-]/g, code: /[^A-Za-z0-9_.-]/g, date: /[^A-Za-z0-9 :,.+-]/g } as const;
const EXPECTED_LENGTH = { id: 64, code: 100, date: 64 } as const;

/**
 * A request id, an error code or a date from a server with only its expected characters, cut short; `undefined` when
 * nothing is left. Nothing else can ride along into a message or a log.
 */
export function keepExpected(value: string | undefined, kind: keyof typeof EXPECTED_CHARACTERS): string | undefined {
  const clean = value?.replace(EXPECTED_CHARACTERS[kind], "").slice(0, EXPECTED_LENGTH[kind]);
  return clean === undefined || clean === "" ? undefined : clean;
}

/**
 * A request target with every query value replaced, names kept: `/a?$skiptoken=xyz&top=5` becomes
 * `/a?$skiptoken=[REDACTED]&top=[REDACTED]`. Query values may be paging tokens or anything a server put there. A
 * fragment is dropped.
 */
export function redactQueryValues(target: string): string {
  const [path = "", query = ""] = (target.split("#", 1)[0] ?? "").split(/\?(.*)/s);
  if (query === "") {
    return path;
  }
  return `${path}?${query.split("&").map((parameter) => `${parameter.split("=", 1)[0]}=${REDACTED}`).join("&")}`;
}
