import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { SETTINGS_CATALOGUE } from "../../../provider/settings/catalogue";
import { renderConfigurationTable } from "../../../scripts/configurationTable";
import { LIVE_VARIABLES } from "../../live/liveOptions";
import { JSON_VALUED_KEYS, SECRET_KEY_NAMES } from "../../../provider/core/keys";

const REPO_ROOT = path.resolve(__dirname, "../../..");
const README = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
const TABLE_START = "<!-- configuration-table:start -->\n";
const TABLE_END = "<!-- configuration-table:end -->";

/**
 * Hosts the README may name. Anything else (a package registry's host among them) fails the test, which is how it
 * keeps registry addresses out without having to spell one.
 */
const ALLOWED_HOST_SUFFIXES = [
  "learn.microsoft.com",
  "github.com",
  "graph.microsoft.com",
  "login.microsoftonline.com",
  "microsoft.us",
  "microsoftonline.us",
  "chinacloudapi.cn",
  "example.com",
];

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

function matches(text: string, pattern: RegExp, group = 1): string[] {
  return unique([...text.matchAll(pattern)].map((match) => match[group] ?? ""));
}

/** The README section under a `##`/`###` heading, up to the next heading of the same or a higher level. */
function section(heading: string): string {
  const lines = README.split("\n");
  const start = lines.findIndex((line) => /^#{2,3} /.test(line) && line.replace(/^#+ /, "") === heading);
  if (start === -1) throw new Error(`README.md has no section "${heading}".`);
  const level = (/^#+/.exec(lines[start] ?? "")?.[0] ?? "").length;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => new RegExp(`^#{1,${level}} `).test(line));
  return (end === -1 ? rest : rest.slice(0, end)).join("\n");
}

/** GitHub's heading anchors: lower case, punctuation other than `-` dropped, spaces to `-`. */
function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

/** The text outside fenced code blocks, where links are links. */
function prose(): string {
  return README.replace(/^```[\s\S]*?^```/gm, "");
}

describe("README.md", () => {
  it("embeds the configuration table exactly as the settings catalogue renders it", () => {
    const start = README.indexOf(TABLE_START);
    const end = README.indexOf(TABLE_END);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    expect(README.slice(start + TABLE_START.length, end)).toBe(renderConfigurationTable());
  });

  it("names only provider settings and variables the provider (or the live check) reads, and every live-check variable", () => {
    const catalogue = {
      graphsync: new Set(SETTINGS_CATALOGUE.map((setting) => setting.configKey)),
      azuread: new Set(SETTINGS_CATALOGUE.flatMap((setting) => (setting.azureadKey === undefined ? [] : [setting.azureadKey]))),
      environment: new Set([...SETTINGS_CATALOGUE.flatMap((setting) => setting.environment), ...Object.keys(LIVE_VARIABLES)]),
    };
    const liveCheck = section("Checking Graph's behaviour against your tenant");
    expect(Object.keys(LIVE_VARIABLES).filter((name) => !liveCheck.includes(name))).toEqual([]);
    // Not the type token's module (`dynamic/graphsync:SynchronizationSecrets`).
    const graphsyncKeys = matches(README, /(?<![/\w])(graphsync:[A-Za-z]+)/g);
    const azureadKeys = matches(README, /`(azuread:[A-Za-z]+)`/g);
    const variables = matches(README, /\b((?:ARM|AZURE|AZURESUBSCRIPTION|GRAPHSYNC)_[A-Z][A-Z_]*[A-Z])\b/g);
    expect(graphsyncKeys.length).toBeGreaterThan(5);
    expect(graphsyncKeys.filter((key) => !catalogue.graphsync.has(key))).toEqual([]);
    expect(azureadKeys.filter((key) => !catalogue.azuread.has(key))).toEqual([]);
    expect(variables.filter((name) => !catalogue.environment.has(name))).toEqual([]);
  });

  it("tells users to run only scripts that exist", () => {
    const packageScripts = (JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> })
      .scripts;
    const shellScripts = matches(README, /\bbash (scripts\/[\w.-]+)/g);
    const npmScripts = [...matches(README, /\bnpm run ([\w:-]+)/g), ...(/\bnpm test\b/.test(README) ? ["test"] : [])];
    expect(shellScripts).toEqual(["scripts/demo.sh", "scripts/test.sh"]);
    expect(shellScripts.filter((script) => !existsSync(path.join(REPO_ROOT, script)))).toEqual([]);
    expect(npmScripts.length).toBeGreaterThan(0);
    expect(npmScripts.filter((script) => packageScripts[script] === undefined)).toEqual([]);
  });

  it("links only to files that exist and headings that exist", () => {
    const targets = matches(prose(), /\]\(([^)\s]+)\)/g).filter((target) => !/^https?:/.test(target));
    const anchors = new Set(README.split("\n").filter((line) => /^#{1,6} /.test(line)).map((line) => anchorOf(line.replace(/^#+ /, ""))));
    const brokenFiles = targets.filter((target) => !target.startsWith("#") && !existsSync(path.join(REPO_ROOT, target.split("#")[0] ?? "")));
    const brokenAnchors = targets.filter((target) => target.startsWith("#") && !anchors.has(target.slice(1)));
    expect(targets.length).toBeGreaterThan(5);
    expect(brokenFiles).toEqual([]);
    expect(brokenAnchors).toEqual([]);
  });

  it("names no host outside the allow-list, so no package registry's", () => {
    const hosts = matches(README, /\bhttps?:\/\/([^/\s)`'"<>]+)/g).map((host) => host.replace(/:\d+$/, "").toLowerCase());
    const allowed = (host: string): boolean =>
      host === "127.0.0.1" || ALLOWED_HOST_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`));
    expect(hosts.length).toBeGreaterThan(0);
    expect(hosts.filter((host) => !allowed(host))).toEqual([]);
  });

  it("shows the quickstart program as quickstart/index.ts has it, and sets exactly the config it reads", () => {
    const program = readFileSync(path.join(REPO_ROOT, "quickstart/index.ts"), "utf8");
    const shown = /```ts\n([\s\S]*?)```/.exec(section("Quickstart: your tenant"))?.[1];
    const withoutComments = program.replace(/^\/\*\*[\s\S]*?\*\/\n/gm, "");
    expect(shown).toBe(withoutComments);

    const reads = [...program.matchAll(/config\.(require|requireSecret|get|getSecret)\("(\w+)"\)/g)];
    const read = new Map(reads.map((m) => [m[2] ?? "", m[1] ?? ""]));
    const sets = [...section("Quickstart: your tenant").matchAll(/pulumi config set (--secret )?graphsync-quickstart:(\w+)/g)];
    const set = new Map(sets.map((m) => [m[2] ?? "", m[1] !== undefined]));
    expect(unique(set.keys())).toEqual(unique(read.keys()));
    for (const [name, secret] of set) {
      expect(secret, `graphsync-quickstart:${name}`).toBe(read.get(name) === "requireSecret" || read.get(name) === "getSecret");
    }
  });

  it("states the key catalogue and the JSON-valued keys as the core has them", () => {
    expect(README).toContain(`the ${SECRET_KEY_NAMES.length} names of Graph's \`synchronizationSecret\` enumeration`);
    const sentence = section("JSON-valued keys").split("\n\n")[0] ?? "";
    expect(matches(sentence, /`(\w+)`/g)).toEqual(unique(JSON_VALUED_KEYS));
  });

  it("explains every Entra error code the provider explains, and only those", () => {
    const documented = matches(section("Troubleshooting"), /\bAADSTS(\d+)\b/g);
    // The provider's table is private to its module; its keys are the quoted codes in the source.
    const source = readFileSync(path.join(REPO_ROOT, "provider/auth/tokenFailure.ts"), "utf8");
    const explained = matches(source, /^\s+\["(\d+)",/gm);
    expect(explained.length).toBeGreaterThan(10);
    expect(documented).toEqual(explained);
  });
});
