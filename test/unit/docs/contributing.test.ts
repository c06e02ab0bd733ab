import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

// CONTRIBUTING.md holds what README.md used to tell contributors: the toolchain, the test and benchmark commands,
// the emulator. Like the README, it may only name scripts, files and versions that exist.

const REPO_ROOT = path.resolve(__dirname, "../../..");
const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), "utf8");
const CONTRIBUTING = read("CONTRIBUTING.md");
const README = read("README.md");

function all(text: string, pattern: RegExp): string[] {
  return [...new Set([...text.matchAll(pattern)].map((match) => match[1] ?? ""))].sort();
}

/** The lowest version a caret range admits (`^3.139.0` -> `3.139.0`). */
function floorOf(range: string | undefined): string {
  return /^\^(\d+\.\d+\.\d+)$/.exec(range ?? "")?.[1] ?? `not a caret range: ${range}`;
}

describe("CONTRIBUTING.md", () => {
  it("names only scripts, npm scripts and files that exist", () => {
    const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;
    const shellScripts = all(CONTRIBUTING, /\bbash (scripts\/[\w.-]+)/g);
    const npmScripts = all(CONTRIBUTING, /\bnpm run ([\w:-]+)/g);
    expect(shellScripts).toEqual(["scripts/demo.sh", "scripts/test.sh"]);
    expect(npmScripts.filter((name) => scripts[name] === undefined)).toEqual([]);
    const links = all(CONTRIBUTING.replace(/^```[\s\S]*?^```/gm, ""), /\]\(([^)\s#]+)[^)\s]*\)/g).filter((target) => !/^https?:/.test(target));
    expect(links.length).toBeGreaterThan(5);
    expect(links.filter((target) => !existsSync(path.join(REPO_ROOT, target)))).toEqual([]);
    const testFiles = all(CONTRIBUTING, /\b(test\/[\w/.-]+\.test\.ts)\b/g);
    expect(testFiles.filter((file) => !existsSync(path.join(REPO_ROOT, file)))).toEqual([]);
  });

  it("states the SDK floor the package declares and the toolchain installs", () => {
    const floor = floorOf((JSON.parse(read("package.json")) as { dependencies: Record<string, string> }).dependencies["@pulumi/pulumi"]);
    expect(read("scripts/toolchain.sh")).toContain(`PGS_FLOOR_SDK_VERSION="${floor}"`);
    expect(CONTRIBUTING).toContain(`(${floor}, see [docs/decisions/sdk-floor.md]`);
    expect(README).toContain(`\`@pulumi/pulumi\` ${floor} or newer in your project`);
  });

  it("keeps the README for users: the clone's two commands at the top, contributor set-up behind a link", () => {
    const beforeFirstSection = README.slice(0, README.indexOf("\n## "));
    expect(beforeFirstSection).toContain("bash scripts/demo.sh");
    expect(beforeFirstSection).toContain("bash scripts/test.sh");
    expect(README).not.toMatch(/^## Development$/m);
    expect(README).toMatch(/^## Contributing\n\n[^#]{0,300}\[CONTRIBUTING\.md\]\(CONTRIBUTING\.md\)/m);
    for (const detail of ["npx vitest run --project", "scripts/toolchain.sh", "npm run bench"]) {
      expect(README, detail).not.toContain(detail);
      expect(CONTRIBUTING, detail).toContain(detail);
    }
  });
});
