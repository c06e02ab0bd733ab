import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const CORE_DIRECTORY = join(__dirname, "../../../provider/core");
const sources = readdirSync(CORE_DIRECTORY)
  .filter((name) => name.endsWith(".ts"))
  .map((name) => ({ name, text: readFileSync(join(CORE_DIRECTORY, name), "utf8") }));

/** Each import of a file: its specifier and whether only types are imported (erased from the compiled code). */
function imports(text: string): Array<{ specifier: string; typeOnly: boolean }> {
  return [...text.matchAll(/^import (type )?[^;]*?from "([^"]+)";/gms), ...text.matchAll(/require\(\s*"([^"]+)"/g)].map((match) =>
    match.length === 3 ? { specifier: match[2] ?? "", typeOnly: match[1] !== undefined } : { specifier: match[1] ?? "", typeOnly: false },
  );
}

describe("the pure core's boundaries", () => {
  it("has source files to inspect", () => {
    expect(sources.map((source) => source.name)).toEqual(
      expect.arrayContaining(["checkInputs.ts", "json.ts", "keys.ts", "plan.ts", "refresh.ts", "state.ts", "unknown.ts"]),
    );
  });

  it("loads nothing but its own files and the defaults: no Pulumi runtime, axios, @azure/identity or Node I/O", () => {
    for (const { name, text } of sources) {
      for (const { specifier, typeOnly } of imports(text)) {
        if (typeOnly) {
          // Types cost nothing at run time: the public types and Pulumi's dynamic-provider contract.
          expect(specifier, `${name} imports types from ${specifier}`).toMatch(/^(\.\/[A-Za-z]+|\.\.\/types|@pulumi\/pulumi)$/);
        } else {
          expect(specifier, `${name} imports ${specifier}`).toMatch(/^(\.\/[A-Za-z]+|\.\.\/defaults)$/);
        }
      }
    }
  });
});
