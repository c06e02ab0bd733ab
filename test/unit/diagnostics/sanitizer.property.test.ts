import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_SCRUBBED_LENGTH, REDACTED, scrub, type ScrubWork } from "../../../provider/diagnostics/sanitizer";

const MIB = 1024 * 1024;

// Text that makes backtracking patterns quadratic: long runs of what a pattern's prefix matches, never completed.
const hostilePiece = fc.constantFrom(
  "eyJ", "eyJhbGci", "eyJa.", ".", "Bearer ", "bearer\t", "password", "password ", "client_secret", '"', "=", "a", "-", " ",
  "s3cr3t", "s3cr3t-", "\u0000",
);

/** The sanitizer's work on `text`, counted by the sanitizer itself (characters looked at), never by a clock. */
function workFor(text: string, known: readonly string[], maxLength?: number): { steps: number; output: string } {
  const work: ScrubWork = { steps: 0 };
  const output = scrub(text, known, { work, ...(maxLength === undefined ? {} : { maxLength }) });
  return { steps: work.steps, output };
}

describe("scrub, property-based: linear time on hostile text up to 4 MiB", () => {
  it("looks at no more than a fixed number of characters per character of text and of known values", () => {
    fc.assert(
      fc.property(
        fc.array(hostilePiece, { minLength: 1, maxLength: 8 }),
        fc.constantFrom(64 * 1024, MIB, 4 * MIB),
        fc.array(fc.string({ minLength: 1, maxLength: 40 }), { maxLength: 4 }),
        (pieces, size, known) => {
          const unit = pieces.join("");
          const text = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
          // Uncut, so the patterns themselves face the whole 4 MiB.
          const { steps } = workFor(text, known, Number.POSITIVE_INFINITY);
          const knownLength = known.reduce((sum, value) => sum + 2 * value.length + 2, 0);
          // One pass over the text for the token shapes and fields, and one per known value: linear in each.
          expect(steps).toBeLessThanOrEqual(32 * (text.length * (1 + known.length) + knownLength));
        },
      ),
      { numRuns: 6 },
    );
  }, 120_000);

  it("doubles its work, not more, when the hostile text doubles", () => {
    for (const unit of ["eyJ", "eyJa.", "Bearer ", "password ", "password=", "x".repeat(6)]) {
      const small = workFor(unit.repeat(Math.ceil(MIB / unit.length)), ["xxxxxxxx", "eyJ", "1"], Number.POSITIVE_INFINITY).steps;
      const large = workFor(unit.repeat(Math.ceil((2 * MIB) / unit.length)), ["xxxxxxxx", "eyJ", "1"], Number.POSITIVE_INFINITY).steps;
      expect(large / small, unit).toBeLessThan(2.1);
    }
  }, 120_000);

  it("cuts server text first: 4 MiB costs what the bound costs, and never shows a known value", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 64 }), fc.string({ minLength: 8, maxLength: 32 }), (filler, secret) => {
        const text = `${filler}${secret}`.repeat(Math.ceil((4 * MIB) / (filler.length + secret.length)));
        const { steps, output } = workFor(text, [secret]);
        expect(steps).toBeLessThanOrEqual(32 * (MAX_SCRUBBED_LENGTH + 2 * secret.length + 2));
        expect(output.split(REDACTED).join("").length).toBeLessThanOrEqual(MAX_SCRUBBED_LENGTH);
        expect(output).not.toContain(secret);
      }),
      { numRuns: 30 },
    );
  }, 60_000);

  it("stays linear when a known value is as long as the text it is matched against", () => {
    for (const unit of ["-", "ab", "a-", "eyJ."]) {
      const sized = (size: number) => {
        const text = unit.repeat(Math.ceil(size / unit.length));
        return workFor(text, [text.slice(1)], Number.POSITIVE_INFINITY).steps;
      };
      expect(sized(MIB / 2) / sized(MIB / 4), unit).toBeLessThan(2.2);
    }
  }, 120_000);
});

const ALPHANUMERIC = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".split(""));
const sentence = fc.array(fc.constantFrom("The", "request", "included", "SecretToken", "value", "is", "invalid", "at", "1"), {
  maxLength: 6,
});

describe("scrub, property-based: partial echoes of a known value", () => {
  it("hides a start or an end of three or more characters, cut off as a server truncates an echo", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: ALPHANUMERIC, minLength: 6, maxLength: 40 }),
        fc.integer({ min: 3, max: 8 }),
        fc.constantFrom("start", "end"),
        fc.constantFrom(["'", "...'"], ["'...", "'"], [" ", "... "], ["(", "*)"]),
        sentence,
        sentence,
        (secret, wanted, side, [open, close], before, after) => {
          const length = Math.min(wanted, secret.length - 1);
          const echo = side === "start" ? secret.slice(0, length) : secret.slice(-length);
          const text = `${before.join(" ")} ${open}${echo}${close} ${after.join(" ")}`;
          const output = scrub(text, ["unrelated-value", secret]);
          expect(output).not.toContain(`${open}${echo}${close}`);
          expect(output).toContain(`${open}${REDACTED}${close}`);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
