import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { SETTINGS_CATALOGUE } from "../../../provider/settings/catalogue";
import { compilerHostWith, readTsconfig } from "../support/typescriptProgram";

// Every example under examples/ is a Pulumi project users copy. These tests type-check each one with its own
// tsconfig.json against the real installed types, and hold its README to the program: the config it sets is the
// config the program reads, secrets are set as secrets, provider settings exist, and links lead somewhere.

const REPO_ROOT = path.resolve(__dirname, "../../..");
const EXAMPLES_DIR = path.join(REPO_ROOT, "examples");
const TYPE_CHECK_TIMEOUT_MS = 120_000;

/**
 * Declarations for packages an example depends on that cannot be installed here, keyed by module name. Each is a
 * subset of the real package's declarations, member types as published (checked against @pulumi/azuread 6.9.1),
 * with every required argument present, so a program that compiles against it compiles against the real package.
 */
const AMBIENT_DECLARATIONS: Readonly<Record<string, string>> = {
  "@pulumi/azuread": `
declare module "@pulumi/azuread" {
  import * as pulumi from "@pulumi/pulumi";

  export function getClientConfig(opts?: pulumi.InvokeOptions): Promise<GetClientConfigResult>;
  export interface GetClientConfigResult {
    readonly clientId: string;
    readonly id: string;
    readonly objectId: string;
    readonly tenantId: string;
  }

  export class Application extends pulumi.CustomResource {
    constructor(name: string, args: ApplicationArgs, opts?: pulumi.CustomResourceOptions);
    readonly clientId: pulumi.Output<string>;
    readonly templateId: pulumi.Output<string>;
  }
  export interface ApplicationArgs {
    displayName: pulumi.Input<string>;
    owners?: pulumi.Input<pulumi.Input<string>[] | undefined>;
    templateId?: pulumi.Input<string | undefined>;
  }

  export class ServicePrincipal extends pulumi.CustomResource {
    constructor(name: string, args: ServicePrincipalArgs, opts?: pulumi.CustomResourceOptions);
    readonly objectId: pulumi.Output<string>;
  }
  export interface ServicePrincipalArgs {
    clientId: pulumi.Input<string>;
    owners?: pulumi.Input<pulumi.Input<string>[] | undefined>;
    useExisting?: pulumi.Input<boolean | undefined>;
  }

  export class SynchronizationJob extends pulumi.CustomResource {
    constructor(name: string, args: SynchronizationJobArgs, opts?: pulumi.CustomResourceOptions);
  }
  export interface SynchronizationJobArgs {
    enabled?: pulumi.Input<boolean | undefined>;
    servicePrincipalId: pulumi.Input<string>;
    templateId: pulumi.Input<string>;
  }
}
`,
};

/** `pulumi.Config` getters, by whether they require the key and whether they read a secret. */
const CONFIG_GETTER = /^(require|get)(Secret)?(Boolean|Number|Object)?$/;

interface Example {
  name: string;
  dir: string;
  project: { name?: unknown; runtime?: unknown; description?: unknown };
  manifest: {
    name?: string;
    main?: string;
    scripts?: Record<string, string>;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  readme: string;
  program: string;
}

/** The Pulumi projects under examples/: every folder with a Pulumi.yaml. */
function examples(): Example[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((name) => existsSync(path.join(EXAMPLES_DIR, name, "Pulumi.yaml")))
    .sort()
    .map((name) => {
      const dir = path.join(EXAMPLES_DIR, name);
      return {
        name,
        dir,
        project: parseYaml(readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as Example["project"],
        manifest: JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as Example["manifest"],
        readme: readFileSync(path.join(dir, "README.md"), "utf8"),
        program: readFileSync(path.join(dir, "index.ts"), "utf8"),
      };
    });
}

const EXAMPLES = examples();
const rootRequire = createRequire(path.join(REPO_ROOT, "package.json"));
const rootVersion = (JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

function installedVersion(packageName: string): string | undefined {
  try {
    return (rootRequire(`${packageName}/package.json`) as { version: string }).version;
  } catch {
    return undefined;
  }
}

function versionParts(text: string): [number, number, number] | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(text);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

/** Whether a caret range such as `^0.1.0` or `^3.276.0` admits `version`, by npm's caret rule. */
function caretAdmits(range: string, version: string): boolean {
  const low = range.startsWith("^") ? versionParts(range.slice(1)) : undefined;
  const actual = versionParts(version);
  if (low === undefined || actual === undefined) {
    return false;
  }
  // The left-most non-zero part is fixed: ^3.1.0 admits 3.x, ^0.1.0 admits 0.1.x, ^0.0.3 only 0.0.3.
  const fixedParts = low[0] > 0 ? 1 : low[1] > 0 ? 2 : 3;
  for (let part = 0; part < fixedParts; part += 1) {
    if (actual[part] !== low[part]) {
      return false;
    }
  }
  const order = actual[0] - low[0] || actual[1] - low[1] || actual[2] - low[2];
  return order >= 0;
}

// Declaration files of installed packages are the same for every example; parse them once.
const sharedSourceFiles = new Map<string, ts.SourceFile>();

/** Type-checks one example with its own tsconfig.json; `overrides` replaces file contents (absolute path -> text). */
function typeCheck(example: Example, overrides: ReadonlyMap<string, string> = new Map()): string[] {
  const parsed = readTsconfig(path.join(example.dir, "tsconfig.json"));
  const virtualFiles = new Map<string, string>(overrides);
  for (const dependency of Object.keys(example.manifest.dependencies ?? {})) {
    if (installedVersion(dependency) === undefined) {
      const declaration = AMBIENT_DECLARATIONS[dependency];
      if (declaration === undefined) {
        throw new Error(`examples/${example.name} depends on ${dependency}, which is neither installed nor declared here`);
      }
      virtualFiles.set(path.join(example.dir, "__ambient__", `${dependency.replace(/\W/g, "_")}.d.ts`), declaration);
    }
  }
  const host = compilerHostWith(parsed.options, virtualFiles, sharedSourceFiles);
  const ambientRoots = [...virtualFiles.keys()].filter((fileName) => fileName.endsWith(".d.ts"));
  const program = ts.createProgram({ rootNames: [...parsed.fileNames, ...ambientRoots], options: parsed.options, host });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file
      ? `${path.relative(REPO_ROOT, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}`
      : "tsconfig";
    return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`;
  });
}

/**
 * Why Pulumi's Node.js runtime would run `program` without declaring anything, in a CommonJS TypeScript project
 * (what `pulumi new typescript` creates): it `require`s the module and calls `module.exports` only when that is a
 * function, so an `export default` function (`exports.default = ...`) is never called. A program either declares its
 * resources in top-level statements or is `export = async () => { ... }`.
 */
function programProblems(program: string): string[] {
  const source = ts.createSourceFile("index.ts", program, ts.ScriptTarget.ES2022, true);
  const problems: string[] = [];
  const exportsFunction = source.statements.some((statement) => ts.isExportAssignment(statement) && statement.isExportEquals === true);
  const hasDefault = source.statements.some(
    (statement) =>
      (ts.isExportAssignment(statement) && statement.isExportEquals !== true) ||
      ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) &&
        (ts.getCombinedModifierFlags(statement) & ts.ModifierFlags.ExportDefault) === ts.ModifierFlags.ExportDefault),
  );
  if (hasDefault) {
    problems.push("has an `export default`, which the Node.js runtime never calls in a CommonJS project");
  }
  // A `new` in a top-level statement, not inside a function or class body the runtime may never call.
  let declaresAtTopLevel = false;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "SynchronizationSecrets") {
      declaresAtTopLevel = true;
    }
    ts.forEachChild(node, visit);
  };
  source.statements.forEach(visit);
  if (!declaresAtTopLevel && !exportsFunction) {
    problems.push("declares no resource at the top level");
  }
  return problems;
}

/** Stack config the program reads: `config.<getter>("key")` calls, with whether each is required and secret. */
function configReads(program: string): Map<string, { required: boolean; secret: boolean }> {
  const source = ts.createSourceFile("index.ts", program, ts.ScriptTarget.ES2022, true);
  const reads = new Map<string, { required: boolean; secret: boolean }>();
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) &&
      node.expression.expression.text === "config"
    ) {
      const getter = CONFIG_GETTER.exec(node.expression.name.text);
      const [key] = node.arguments;
      if (getter && key && ts.isStringLiteral(key)) {
        reads.set(key.text, { required: getter[1] === "require", secret: getter[2] === "Secret" });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return reads;
}

/** The `pulumi config set` commands in a README's code blocks: the key's root and whether it is a secret. */
function configSets(readme: string): Array<{ key: string; secret: boolean }> {
  const blocks = [...readme.matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
  return blocks
    .flatMap((block) => block.split("\n"))
    .map((line) => line.trim())
    .filter((line) => line.startsWith("pulumi config set "))
    .map((line) => {
      const words: string[] = [];
      for (const match of line.matchAll(/'[^']*'|"[^"]*"|\S+/g)) {
        if (match[0].startsWith("#")) break;
        words.push(match[0].replace(/^['"]|['"]$/g, ""));
      }
      const flags = words.filter((word) => word.startsWith("--"));
      const [key = ""] = words.slice(3).filter((word) => !word.startsWith("--"));
      const root = flags.includes("--path") ? (key.split(/[.[]/)[0] ?? key) : key;
      return { key: root, secret: flags.includes("--secret") };
    });
}

/** The body of a README section (from its `## ` heading to the next one). */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) {
    return "";
  }
  const next = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, next < 0 ? undefined : next);
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (entry === "node_modules") return [];
    if (statSync(full).isDirectory()) return markdownFiles(full);
    return entry.endsWith(".md") ? [full] : [];
  });
}

describe("the examples", () => {
  it("are the four documented projects, each listed in examples/README.md", () => {
    expect(EXAMPLES.map((example) => example.name)).toEqual(["cloud-sync", "many-apps", "scim-app", "scim-app-azuread"]);
    const index = readFileSync(path.join(EXAMPLES_DIR, "README.md"), "utf8");
    for (const name of [...EXAMPLES.map((example) => example.name), "pipelines"]) {
      expect(index).toContain(`](${name}/)`);
    }
  });

  it.each(EXAMPLES.map((example) => [example.name, example] as const))("%s is a complete Pulumi project", (_, example) => {
    expect(example.project.name).toBe(example.manifest.name);
    expect(example.project.runtime).toBe("nodejs");
    expect(typeof example.project.description).toBe("string");
    expect(example.manifest.main).toBe("index.ts");
    expect(example.manifest.scripts?.["typecheck"]).toBe("tsc --noEmit");
    expect(existsSync(path.join(example.dir, "tsconfig.json"))).toBe(true);
    // The published package and the SDK it was built with, in ranges the versions in this repository satisfy.
    const graphSync = example.manifest.dependencies?.["pulumi-graph-sync"] ?? "";
    expect(caretAdmits(graphSync, rootVersion), `pulumi-graph-sync ${graphSync} admits ${rootVersion}`).toBe(true);
    const sdk = example.manifest.dependencies?.["@pulumi/pulumi"] ?? "";
    expect(caretAdmits(sdk, installedVersion("@pulumi/pulumi") ?? ""), `@pulumi/pulumi ${sdk}`).toBe(true);
    // Pulumi's runtime uses the project's TypeScript when it has one; it must be one Pulumi supports (below 7).
    expect(example.manifest.devDependencies?.["typescript"]).toMatch(/^~6\.\d+\.\d+$/);
  });

  it.each(EXAMPLES.map((example) => [example.name, example] as const))(
    "%s declares its resources at the top level and its outputs with export const, as the Node.js runtime runs them",
    (_, example) => {
      expect(programProblems(example.program)).toEqual([]);
      expect(example.program).toMatch(/^import \{ (SynchronizationJob, )?SynchronizationSecrets \} from "pulumi-graph-sync";$/m);
    },
  );

  it("tells a program the runtime would not run from one it runs", () => {
    const shipped = EXAMPLES.find((example) => example.name === "scim-app")?.program ?? "";
    expect(programProblems(shipped)).toEqual([]);
    expect(programProblems("export default async function program() {\n  new SynchronizationSecrets(\"x\", args);\n}\n")).toEqual([
      "has an `export default`, which the Node.js runtime never calls in a CommonJS project",
      "declares no resource at the top level",
    ]);
    expect(programProblems('async function program() {\n  new SynchronizationSecrets("x", args);\n}\nexport = program;\n')).toEqual([]);
  });

  it(
    "type-check with their own tsconfig.json against the installed package's types",
    () => {
      if (installedVersion("pulumi-graph-sync") === undefined) {
        throw new Error("node_modules/pulumi-graph-sync is missing: run scripts/test.sh, which installs the packed package");
      }
      for (const example of EXAMPLES) {
        expect(typeCheck(example), `examples/${example.name}`).toEqual([]);
      }
    },
    TYPE_CHECK_TIMEOUT_MS,
  );

  it(
    "fail the type check when a program misuses the API",
    () => {
      const example = EXAMPLES.find((candidate) => candidate.name === "scim-app-azuread");
      if (example === undefined) {
        throw new Error("examples/scim-app-azuread is missing");
      }
      const broken = example.program.replace("servicePrincipalId: servicePrincipal.id,", "servicePrincipalId: 42,");
      const azureadBroken = example.program.replace("useExisting: true,", 'useExisting: "yes",');
      expect(broken).not.toBe(example.program);
      expect(azureadBroken).not.toBe(example.program);
      const file = path.join(example.dir, "index.ts");
      expect(typeCheck(example, new Map([[file, broken]])).join("\n")).toMatch(/index\.ts:\d+: (No overload matches this call\..*)?Type 'number' is not assignable/);
      expect(typeCheck(example, new Map([[file, azureadBroken]])).join("\n")).toMatch(/index\.ts:\d+: Type 'string' is not assignable/);
    },
    TYPE_CHECK_TIMEOUT_MS,
  );

  it.each(EXAMPLES.map((example) => [example.name, example] as const))(
    "%s README runs it from npm install to pulumi destroy",
    (_, example) => {
      const runIt = section(example.readme, "Run it");
      for (const command of ["npm install", "pulumi stack init", "pulumi config set", "--secret", "pulumi up", "pulumi destroy"]) {
        expect(runIt, command).toContain(command);
      }
    },
  );

  it.each(EXAMPLES.map((example) => [example.name, example] as const))(
    "%s README sets the config its program reads, secrets as secrets, and only provider settings that exist",
    (_, example) => {
      const reads = configReads(example.program);
      const sets = configSets(section(example.readme, "Run it"));
      const own = sets.filter((set) => !set.key.includes(":"));
      const provider = sets.filter((set) => set.key.includes(":"));

      expect(reads.size).toBeGreaterThan(0);
      expect(own.filter((set) => !reads.has(set.key)).map((set) => set.key), "set but never read").toEqual([]);
      const required = [...reads].filter(([, read]) => read.required).map(([key]) => key);
      expect(required.filter((key) => !own.some((set) => set.key === key)), "read but never set").toEqual([]);
      for (const set of own) {
        expect(set.secret, `${set.key}: --secret exactly when the program reads a secret`).toBe(reads.get(set.key)?.secret);
      }

      const configKeys = new Set(SETTINGS_CATALOGUE.map((setting) => setting.configKey));
      const azureadKeys = new Set(SETTINGS_CATALOGUE.flatMap((setting) => setting.azureadKey ?? []));
      expect(provider.length).toBeGreaterThan(0);
      for (const set of provider) {
        expect(configKeys.has(set.key) || azureadKeys.has(set.key), `${set.key} is a setting the provider reads`).toBe(true);
        const secretSetting = SETTINGS_CATALOGUE.some(
          (setting) => setting.kind === "secret" && (setting.configKey === set.key || setting.azureadKey === set.key),
        );
        expect(set.secret, `${set.key}: --secret exactly when the setting is a secret`).toBe(secretSetting);
      }
    },
  );

  it("link only to files and headings that exist", () => {
    const files = [...markdownFiles(EXAMPLES_DIR), path.join(REPO_ROOT, "docs", "api.md")];
    const broken: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1] ?? "";
        if (/^[a-z]+:/.test(target)) continue;
        const [relative = "", anchor] = target.split("#");
        const resolved = relative === "" ? file : path.resolve(path.dirname(file), relative);
        if (!existsSync(resolved)) {
          broken.push(`${path.relative(REPO_ROOT, file)} -> ${target}`);
          continue;
        }
        if (anchor !== undefined) {
          const headings = [...readFileSync(resolved, "utf8").matchAll(/^#{1,6} (.+)$/gm)].map((h) => anchorOf(h[1] ?? ""));
          if (!headings.includes(anchor)) broken.push(`${path.relative(REPO_ROOT, file)} -> ${target}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});
