import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

// What `npm publish` would upload, read from `npm pack --dry-run` on the built dist/ (scripts/toolchain.sh builds it
// before any test runs): the library, its types, the README, the CHANGELOG and the LICENSE, and nothing else.

const REPO_ROOT = path.resolve(__dirname, "../../..");
const ALWAYS_SHIPPED = ["CHANGELOG.md", "LICENSE", "README.md", "package.json"];

interface PackedFile {
  readonly path: string;
}

interface SourceMap {
  readonly sources: readonly string[];
  readonly sourcesContent?: readonly (string | null)[];
}

/** Every library source, relative to provider/, without its extension (declaration-only files excepted). */
function librarySources(directory = path.join(REPO_ROOT, "provider"), prefix = ""): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix + entry.name;
    if (entry.isDirectory()) return librarySources(path.join(directory, entry.name), `${relative}/`);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [relative.slice(0, -".ts".length)] : [];
  });
}

describe("the npm package", () => {
  let packed: string[];

  beforeAll(() => {
    if (!existsSync(path.join(REPO_ROOT, "dist", "index.js"))) {
      throw new Error("dist/ is not built: run `source scripts/toolchain.sh` (bash scripts/test.sh does) before the unit tests");
    }
    const output = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPO_ROOT, encoding: "utf8" });
    const [report] = JSON.parse(output) as [{ files: PackedFile[] }];
    packed = report.files.map((file) => file.path).sort();
  });

  it("lists exactly the compiled library (code, declarations, source maps), README, CHANGELOG and LICENSE", () => {
    const library = librarySources().flatMap((source) => [`dist/${source}.js`, `dist/${source}.js.map`, `dist/${source}.d.ts`]);
    expect(packed).toEqual([...ALWAYS_SHIPPED, ...library].sort());
  });

  it("ships no tests, fixtures, benchmarks, examples, scripts or repository tooling", () => {
    const outsideTheLibrary = packed.filter((file) => !file.startsWith("dist/") && !ALWAYS_SHIPPED.includes(file));
    expect(outsideTheLibrary).toEqual([]);
    expect(packed.filter((file) => /(^|\/)(test|tests|fixtures|bench|examples|quickstart|scripts|docs)\//.test(file))).toEqual([]);
    expect(packed.filter((file) => /\.test\.|\.pfx$|\.pem$|\.ts$/.test(file) && !file.endsWith(".d.ts"))).toEqual([]);
  });

  it("ships source maps that resolve from the package alone: each carries the current source it maps", () => {
    const maps = packed.filter((file) => file.endsWith(".js.map"));
    expect(maps.length).toBeGreaterThan(0);
    for (const file of maps) {
      const map = JSON.parse(readFileSync(path.join(REPO_ROOT, file), "utf8")) as SourceMap;
      expect(map.sources, file).toHaveLength(1);
      const source = path.resolve(path.dirname(path.join(REPO_ROOT, file)), map.sources[0] as string);
      expect(map.sourcesContent?.[0], file).toBe(readFileSync(source, "utf8"));
    }
  });

  it("ships no declaration maps, whose targets (provider/*.ts) are not in the package", () => {
    expect(packed.filter((file) => file.endsWith(".d.ts.map"))).toEqual([]);
    const declarations = packed.filter((file) => file.endsWith(".d.ts"));
    for (const file of declarations) expect(readFileSync(path.join(REPO_ROOT, file), "utf8"), file).not.toContain("sourceMappingURL");
  });

  it("carries the Apache-2.0 text its package.json declares", () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { license: string };
    expect(manifest.license).toBe("Apache-2.0");
    const license = readFileSync(path.join(REPO_ROOT, "LICENSE"), "utf8");
    expect(license).toContain("Apache License\n                           Version 2.0, January 2004");
    expect(license).toContain("END OF TERMS AND CONDITIONS");
  });
});
