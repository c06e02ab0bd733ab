import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as core from "../../../provider/secrets";

const CORE_DIRECTORY = join(__dirname, "../../../provider/secrets");
const sources = readdirSync(CORE_DIRECTORY)
  .filter((name) => name.endsWith(".ts"))
  .map((name) => ({ name, text: readFileSync(join(CORE_DIRECTORY, name), "utf8") }));

function importSpecifiers(text: string): string[] {
  return [...text.matchAll(/(?:from|import|require)\s*\(?\s*"([^"]+)"/g)].map((match) => match[1] ?? "");
}

describe("the secrets core's boundaries", () => {
  it("has source files to inspect", () => {
    expect(sources.map((source) => source.name)).toEqual(
      expect.arrayContaining(["index.ts", "keys.ts", "normalize.ts", "plan.ts", "refresh.ts", "types.ts", "unknown.ts", "validate.ts"]),
    );
  });

  it("imports nothing but its own files: no Pulumi runtime, axios, @azure/identity or Node I/O", () => {
    for (const { name, text } of sources) {
      for (const specifier of importSpecifiers(text)) {
        expect(specifier, `${name} imports ${specifier}`).toMatch(/^\.\/[A-Za-z]+$/);
      }
    }
  });

  it("keeps index.ts to re-exports", () => {
    const index = sources.find((source) => source.name === "index.ts")?.text ?? "";
    const statements = index.split(";").map((statement) => statement.trim()).filter((statement) => statement !== "");
    for (const statement of statements) {
      expect(statement).toMatch(/^export (type )?\{[^}]*\} from "\.\/[A-Za-z]+"$/);
    }
  });

  it("exports the API the lifecycle codes against", () => {
    for (const name of [
      "SECRET_KEY_NAMES",
      "isSecretKeyName",
      "isJsonValuedKey",
      "suggestSecretKey",
      "clearedValueFor",
      "UNKNOWN_VALUE",
      "containsUnknown",
      "normalizeServicePrincipalId",
      "secretsResourceId",
      "canonicalJson",
      "normalizeCredentials",
      "checkInputs",
      "diffSecrets",
      "planWrite",
      "planClear",
      "mergeRefresh",
    ]) {
      expect(core, name).toHaveProperty(name);
    }
  });
});
