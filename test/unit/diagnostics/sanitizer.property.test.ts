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
          expect(steps).toBeLessThanOrEqual(32 * (text.length + knownLength));
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
});
