/** The one marker that stands in for whatever the sanitizer removes. */
export const REDACTED = "[REDACTED]";

/** Text longer than this is cut before it is scrubbed, so no answer of a server can make scrubbing slow. */
export const MAX_SCRUBBED_LENGTH = 1_024;

/** A run this long of a known value is scrubbed wherever it stands; shorter runs would hide ordinary words. */
const FRAGMENT_LENGTH = 8;
/** A start or end of a known value this long is scrubbed where it stands alone, as a cut-off echo shows it. */
const ECHO_LENGTH = 3;
const WORD = /[A-Za-z0-9]/;
const LETTER = /[A-Za-z]/;
const SPACE = /\s/;
// Characters of bearer tokens and JSON Web Tokens (base64url, base64 and their separators), as a lookup table.
const TOKEN = new Uint8Array(128).map((_, code) => Number(/[A-Za-z0-9._~+/=-]/.test(String.fromCharCode(code))));
// Form or JSON fields that carry credentials, should an error echo a request body; their value ends at one of these.
const CREDENTIAL_FIELDS = ["client_secret", "client_assertion", "access_token", "password"];
const FIELD_VALUE_END = /[\s"'&,}]/;

/** Counts the characters the sanitizer looks at; tests use it to show the work grows linearly with the text. */
export type ScrubWork = { steps: number };

/**
 * Scrubs text of `known` values (verbatim or JSON-escaped: any {@link FRAGMENT_LENGTH}-character run; where it stands alone,
 * the whole value or a start or end of {@link ECHO_LENGTH}+ characters; what is left of one at the cut), token shapes and
 * credential fields, each run as one {@link REDACTED}. Linear: cut first (`maxLength`), one pass per known value, no backtracking.
 */
export function scrub(text: string, known: Iterable<string> = [], options: { maxLength?: number; work?: ScrubWork } = {}): string {
  const source = text.slice(0, options.maxLength ?? MAX_SCRUBBED_LENGTH);
  const scan = new Scan(source, options.work ?? { steps: 0 });
  for (const value of known) {
    for (const form of new Set([value, JSON.stringify(value).slice(1, -1)])) scan.hideValue(form, source.length < text.length);
  }
  scan.hideTokens();
  for (const field of CREDENTIAL_FIELDS) scan.hideField(field);
  return scan.result();
}

/** One text being scrubbed: which characters are hidden, and how many characters were looked at. */
class Scan {
  readonly #hidden: Uint8Array;
  #fragments: Map<string, number[]> | undefined;

  constructor(
    readonly text: string,
    readonly work: ScrubWork,
  ) {
    this.#hidden = new Uint8Array(text.length);
  }

  hide(from: number, to: number): void {
    this.#hidden.fill(1, from, to);
  }

  hideValue(value: string, cut: boolean): void {
    const { text } = this;
    // Where the text was cut, the start of a value may be all that is left of it.
    for (let length = Math.min(value.length, FRAGMENT_LENGTH - 1); cut && length > 0; length -= 1) {
      if (text.endsWith(value.slice(0, length))) {
        this.hide(text.length - length, text.length);
        break;
      }
    }
    this.hideEchoedEnds(value);
    if (value.length < FRAGMENT_LENGTH) return;
    // Where each fragment of the text stands; a fragment shared with a known value is hidden at every place.
    if (this.#fragments === undefined) {
      this.#fragments = new Map();
      for (let index = 0; index + FRAGMENT_LENGTH <= text.length; index += 1) {
        const fragment = text.slice(index, index + FRAGMENT_LENGTH);
        const places = this.#fragments.get(fragment);
        if (places === undefined) this.#fragments.set(fragment, [index]);
        else places.push(index);
      }
      this.work.steps += text.length;
    }
    for (let index = 0; index + FRAGMENT_LENGTH <= value.length; index += 1) {
      const fragment = value.slice(index, index + FRAGMENT_LENGTH);
      for (const place of this.#fragments.get(fragment) ?? []) this.hide(place, place + FRAGMENT_LENGTH);
      this.#fragments.delete(fragment);
    }
    this.work.steps += value.length;
  }

  /**
   * What a cut-off echo shows of a value, where it stands alone: the whole value however short (`0` in `count 0`, never
   * in `100`), or a start or end of {@link ECHO_LENGTH} or more characters that was cut inside one of the value's words
   * or holds a character no English word has (`'s3cr...'`, `...e-4711`). A whole word of the value (`secret` of
   * `my-secret`, `https` of a URL) is an ordinary word of a server's sentence. One linear pass per direction.
   */
  hideEchoedEnds(value: string): void {
    const { text } = this;
    const shortest = Math.min(value.length, ECHO_LENGTH);
    if (shortest === 0) return;
    const word = (character: string | undefined): boolean => WORD.test(character ?? "");
    const alone = (start: number, end: number): boolean =>
      !(word(text[start]) && word(text[start - 1])) && !(word(text[end - 1]) && word(text[end]));
    let firstNonLetter = value.length;
    let lastNonLetter = -1;
    for (let index = 0; index < value.length; index += 1) {
      if (LETTER.test(value[index] ?? "")) continue;
      firstNonLetter = Math.min(firstNonLetter, index);
      lastNonLetter = index;
    }
    /** Whether the first (or last) `length` characters of the value look like an echo of it. */
    const echoed = (length: number, fromEnd: boolean): boolean => {
      if (length === value.length) return true;
      const cut = fromEnd ? value.length - length : length;
      const cutInWord = word(value[cut - 1]) && word(value[cut]);
      return cutInWord || (fromEnd ? lastNonLetter >= cut : firstNonLetter < cut);
    };
    const starts = matchLengths(value, text, this.work);
    const ends = matchLengths(reversed(value), reversed(text), this.work);
    // Echoes may overlap and be as long as the value: each is marked at its two ends, then one sweep hides them.
    const marks = new Int32Array(text.length + 1);
    const mark = (from: number, to: number, fromEnd: boolean): void => {
      if (to - from < shortest || !alone(from, to) || !echoed(to - from, fromEnd)) return;
      marks[from] = (marks[from] ?? 0) + 1;
      marks[to] = (marks[to] ?? 0) - 1;
    };
    for (let at = 0; at < text.length; at += 1) {
      mark(at, at + (starts[at] ?? 0), false);
      mark(at + 1 - (ends[text.length - 1 - at] ?? 0), at + 1, true);
    }
    for (let at = 0, open = 0; at < text.length; at += 1) {
      open += marks[at] ?? 0;
      if (open > 0) this.#hidden[at] = 1;
    }
    this.work.steps += 2 * text.length + value.length;
  }

  /** One pass over the runs of token characters: a JSON Web Token (`eyJ…` with two dots) or the word after `Bearer`. */
  hideTokens(): void {
    const { text } = this;
    const isToken = (index: number): boolean => TOKEN[text.charCodeAt(index)] === 1;
    for (let start = 0; start < text.length; ) {
      if (!isToken(start)) {
        start += 1;
        this.work.steps += 1;
        continue;
      }
      let end = start;
      while (end < text.length && isToken(end)) end += 1;
      const run = text.slice(start, end);
      const jwt = run.indexOf("eyJ");
      const parts = jwt < 0 ? [] : run.slice(jwt).split(".");
      if (parts.length >= 3 && (parts[0]?.length ?? 0) >= 5 && (parts[1]?.length ?? 0) >= 2) this.hide(start + jwt, end);
      let before = start - 1;
      while (before >= 0 && SPACE.test(text[before] ?? "")) before -= 1;
      const bearer = text.slice(Math.max(0, before - 5), before + 1).toLowerCase() === "bearer" && !WORD.test(text[before - 6] ?? "");
      if (before < start - 1 && bearer) this.hide(start, end);
      this.work.steps += end - before;
      start = end;
    }
  }

  /** `client_secret=…`, `"password": "…"` and the like: the value after the name, up to the next delimiter. */
  hideField(field: string): void {
    const { text } = this;
    const lower = text.toLowerCase();
    for (let at = lower.indexOf(field), next = 0; at >= 0; at = lower.indexOf(field, Math.max(at + 1, next))) {
      let index = at + field.length + (/["']/.test(text[at + field.length] ?? "") ? 1 : 0);
      while (SPACE.test(text[index] ?? "")) index += 1;
      if (text[index] !== "=" && text[index] !== ":") continue;
      index += 1;
      while (SPACE.test(text[index] ?? "")) index += 1;
      const valueStart = index + (/["']/.test(text[index] ?? "") ? 1 : 0);
      for (index = valueStart; index < text.length && !FIELD_VALUE_END.test(text[index] ?? ""); ) index += 1;
      this.hide(valueStart, index);
      // A name inside a value already hidden needs no second look.
      next = index;
    }
    this.work.steps += 2 * text.length;
  }

  result(): string {
    const parts: string[] = [];
    for (let start = 0, end = 0; start < this.text.length; start = end) {
      const removed = this.#hidden[start] === 1;
      while (end < this.text.length && (this.#hidden[end] === 1) === removed) end += 1;
      parts.push(removed ? REDACTED : this.text.slice(start, end));
    }
    this.work.steps += this.text.length;
    return parts.join("");
  }
}

/** For each position of `text`, how many characters of `value` start there: a Z-array, linear (each character compared at most twice). */
function matchLengths(value: string, text: string, work: ScrubWork): Int32Array {
  const codes = new Int32Array(value.length + 1 + text.length);
  for (let index = 0; index < value.length; index += 1) codes[index] = value.charCodeAt(index);
  // No character code is negative, so no match runs past the value.
  codes[value.length] = -1;
  for (let index = 0; index < text.length; index += 1) codes[value.length + 1 + index] = text.charCodeAt(index);
  const lengths = new Int32Array(codes.length);
  let compared = 0;
  for (let index = 1, left = 0, right = 0; index < codes.length; index += 1) {
    let length = index < right ? Math.min(right - index, lengths[index - left] ?? 0) : 0;
    while (index + length < codes.length && codes[length] === codes[index + length]) length += 1;
    // Matching characters are compared only past `right`, which never moves back: 2n comparisons at most.
    compared += 1 + Math.max(0, index + length - right);
    lengths[index] = length;
    if (index + length > right) [left, right] = [index, index + length];
  }
  work.steps += compared;
  return lengths.subarray(value.length + 1);
}

const reversed = (text: string): string => text.split("").reverse().join("");

/** An error chain (4 deep at most) as name and scrubbed message only: MSAL's errors hold requests and bodies. */
export function sanitizedCause(error: unknown, known: readonly string[], depth = 0): Error | undefined {
  if (error === undefined || error === null || depth >= 4) return undefined;
  const source = error instanceof Error ? error : new Error(String(error));
  const inner = sanitizedCause(source.cause, known, depth + 1);
  const copy = new Error(scrub(source.message, known), inner === undefined ? undefined : { cause: inner });
  copy.name = source.name;
  delete copy.stack;
  return copy;
}

/** Server text to quote, scrubbed (of `known` too) and on one line, cut to `maxLength`: nobody can forge log lines. */
export function printable(text: string, maxLength: number, known: readonly string[] = []): string {
  // eslint-disable-next-line no-control-regex
  const flat = scrub(text, known).replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength)}...` : flat;
}

// What each kind of server text may hold (anything else is removed), and its longest kept length.
const EXPECTED = {
  id: [/[^A-Za-z0-9-]/g, 64],
  code: [/[^A-Za-z0-9_.-]/g, 100],
  date: [/[^A-Za-z0-9 :,.+-]/g, 64],
  mediaType: [/[^A-Za-z0-9!#$&^_.+/;= -]/g, 100],
} as const;

/** A server's id, code, date or media type, scrubbed (of `known` too), only its expected characters, cut; or `undefined`. */
export function keepExpected(value: string | undefined, kind: keyof typeof EXPECTED, known: readonly string[] = []): string | undefined {
  const [unexpected, maxLength] = EXPECTED[kind];
  return value === undefined ? undefined : scrub(value, known, { maxLength: 256 }).replace(unexpected, "").slice(0, maxLength) || undefined;
}

/** A request target with every query value replaced and the names kept (they may be paging tokens); no fragment. */
export function redactQueryValues(target: string): string {
  const [path = "", query = ""] = (target.split("#", 1)[0] ?? "").split(/\?(.*)/s);
  return query === "" ? path : `${path}?${query.split("&").map((parameter) => `${parameter.split("=", 1)[0]}=${REDACTED}`).join("&")}`;
}
