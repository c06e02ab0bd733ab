import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

// The size and shape of provider/ (issue #14), held here so that later changes cannot regress them silently: at most
// 3,800 lines in all (a jobs resource under provider/jobs/ is counted apart), no file over 300 lines, and no import
// cycle, type-only imports included.
const PROVIDER = path.resolve(__dirname, "../../provider");
const MAX_TOTAL_LINES = 3_800;
const MAX_FILE_LINES = 300;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith(".ts") ? [full] : [];
  });
}

const files = sourceFiles(PROVIDER).map((file) => ({
  name: path.relative(PROVIDER, file),
  text: readFileSync(file, "utf8"),
}));

/** Lines as `wc -l` counts them. */
function lineCount(text: string): number {
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

/** The provider files a file imports, in any form: `import`, `import type`, `export ... from`, `require`, `import()`. */
function dependencies(name: string, text: string): string[] {
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"/gms),
    ...text.matchAll(/\b(?:require|import)\(\s*"([^"]+)"\s*\)/g),
  ].map((match) => match[1] ?? "");
  return specifiers
    .filter((specifier) => specifier.startsWith("."))
    .map((specifier) => path.normalize(path.join(path.dirname(name), specifier)))
    .map((target) => (files.some((file) => file.name === `${target}.ts`) ? `${target}.ts` : path.join(target, "index.ts")));
}

/** Every import cycle of a graph of files, each as `a -> b -> a`. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const cycles: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") {
      cycles.push([...trail.slice(trail.indexOf(name)), name].join(" -> "));
      return;
    }
    state.set(name, "visiting");
    for (const target of graph.get(name) ?? []) visit(target, [...trail, name]);
    state.set(name, "done");
  };
  for (const name of graph.keys()) visit(name, []);
  return cycles;
}

describe("the layout of provider/", () => {
  it("has the files it is made of", () => {
    expect(files.map((file) => file.name)).toEqual(
      expect.arrayContaining(["index.ts", "lifecycle/operations.ts", "core/checkInputs.ts", "graph/transport.ts"]),
    );
  });

  it(`holds at most ${MAX_TOTAL_LINES} lines, a jobs resource apart`, () => {
    const total = files.filter((file) => !file.name.startsWith(`jobs${path.sep}`)).reduce((sum, file) => sum + lineCount(file.text), 0);
    expect(total).toBeLessThanOrEqual(MAX_TOTAL_LINES);
  });

  it(`has no file over ${MAX_FILE_LINES} lines`, () => {
    const long = files.filter((file) => lineCount(file.text) > MAX_FILE_LINES).map((file) => `${file.name}: ${lineCount(file.text)}`);
    expect(long).toEqual([]);
  });

  it("has no import cycle, type-only imports included", () => {
    const graph = new Map(files.map((file) => [file.name, dependencies(file.name, file.text)]));
    for (const [name, targets] of graph) {
      for (const target of targets) {
        expect(graph.has(target), `${name} imports ${target}, which is not a provider file`).toBe(true);
      }
    }
    const cycles = findCycles(graph);
    expect(cycles).toEqual([]);
  });

  it("notices a cycle when there is one, through any kind of import, so the check above is not vacuous", () => {
    const graph = new Map([
      ["graph/errors.ts", dependencies("graph/errors.ts", 'import type {\n  X,\n} from "./failureMessages";')],
      ["graph/failureMessages.ts", dependencies("graph/failureMessages.ts", 'export { Y } from "./errors";')],
    ]);
    expect(findCycles(graph)).toEqual(["graph/errors.ts -> graph/failureMessages.ts -> graph/errors.ts"]);
    expect(dependencies("lifecycle/a.ts", 'const x = require("../auth/tokenSource") as typeof import("../auth/tokenSource");')).toEqual([
      "auth/tokenSource.ts",
      "auth/tokenSource.ts",
    ]);
  });

  it("keeps index.ts to re-exports", () => {
    const index = files.find((file) => file.name === "index.ts")?.text ?? "";
    for (const statement of index.split(";").map((part) => part.trim()).filter((part) => part !== "")) {
      expect(statement).toMatch(/^export (type )?\{[^}]*\} from "\.\/([a-z]+\/)?[A-Za-z]+"$/);
    }
  });
});
