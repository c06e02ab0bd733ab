import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../toolchain";

/** Options of {@link ProjectFolder.fromProgram}. */
export interface ProgramProjectOptions {
  /** The project name (`name` in Pulumi.yaml): the namespace of the program's own stack config. */
  readonly name: string;
  /** The program, as `index.ts` holds it: source text, or `{ file }` to copy one. */
  readonly program: string | { readonly file: string };
  /**
   * Another `node_modules` than the repository's, with other versions, e.g. the oldest supported `@pulumi/pulumi`
   * (scripts/toolchain.sh, `PGS_FLOOR_SDK_MODULES`); package.json names its versions. The project folder is made
   * beside it, so Node.js finds it by walking up as in any project, with no link: SDKs before 3.251 serialize a
   * module reached through a linked node_modules by a path its package's `exports` map refuses.
   */
  readonly modulesDir?: string;
}

/**
 * A Pulumi project folder in a temporary directory, laid out as a user's: `Pulumi.yaml`, the program, `package.json`,
 * `tsconfig.json`, and `node_modules`. Its `node_modules` is a link to the repository's, which holds the npm-packed
 * pulumi-graph-sync (scripts/toolchain.sh), `@pulumi/pulumi` and TypeScript: the program, the language host's
 * TypeScript compiler and the dynamic-provider process the CLI starts in this folder resolve every package as they do
 * in a user's project after `npm install`, and Pulumi serializes the provider as `require("pulumi-graph-sync/shim")`.
 */
export class ProjectFolder {
  private constructor(
    /** The folder: the CLI's working directory. */
    readonly dir: string,
    /** The project name, read back from its Pulumi.yaml. */
    readonly name: string,
  ) {}

  /**
   * A copy of a project from this repository (the quickstart, an example): `files` are paths relative to `sourceDir`,
   * copied with the folders they sit in. The copy, not the original, gets the stack config files the CLI writes.
   */
  static copyOf(sourceDir: string, files: readonly string[]): ProjectFolder {
    const dir = ProjectFolder.newDirectory();
    for (const file of files) {
      const target = path.join(dir, file);
      mkdirSync(path.dirname(target), { recursive: true });
      cpSync(path.join(sourceDir, file), target);
    }
    return ProjectFolder.finish(dir);
  }

  /**
   * A fresh project around one program, as `pulumi new typescript` lays it out: Pulumi.yaml (runtime nodejs),
   * package.json with the program as `main` and the packages it imports as dependencies, a tsconfig.json like the
   * examples' (strict, CommonJS through `module: nodenext`), and the program as index.ts.
   */
  static fromProgram(options: ProgramProjectOptions): ProjectFolder {
    const modules = options.modulesDir ?? path.join(REPO_ROOT, "node_modules");
    const dir = ProjectFolder.newDirectory(options.modulesDir === undefined ? os.tmpdir() : path.dirname(options.modulesDir));
    const versionOf = (name: string) => caretVersionIn(modules, name);
    const program = typeof options.program === "string" ? options.program : readFileSync(options.program.file, "utf8");
    writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${options.name}\nruntime: nodejs\ndescription: A test project around one program.\n`);
    writeFileSync(
      path.join(dir, "package.json"),
      `${JSON.stringify(
        {
          name: options.name,
          private: true,
          main: "index.ts",
          dependencies: { "@pulumi/pulumi": versionOf("@pulumi/pulumi"), "pulumi-graph-sync": versionOf("pulumi-graph-sync") },
          devDependencies: { "@types/node": versionOf("@types/node"), typescript: versionOf("typescript") },
        },
        null,
        2,
      )}\n`,
    );
    writeFileSync(path.join(dir, "tsconfig.json"), readFileSync(path.join(REPO_ROOT, "examples", "scim-app", "tsconfig.json"), "utf8"));
    writeFileSync(path.join(dir, "index.ts"), program);
    return ProjectFolder.finish(dir, modules, options.modulesDir === undefined);
  }

  /** Removes the folder (never the repository's node_modules it links to). */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private static newDirectory(parent = os.tmpdir()): string {
    return mkdtempSync(path.join(parent, "graphsync-project-"));
  }

  private static finish(dir: string, modules = path.join(REPO_ROOT, "node_modules"), link = true): ProjectFolder {
    if (!existsSync(path.join(modules, "pulumi-graph-sync", "package.json"))) {
      throw new Error(`${modules}/pulumi-graph-sync is missing: run scripts/test.sh, which installs the packed package.`);
    }
    if (link) {
      symlinkSync(modules, path.join(dir, "node_modules"), "dir");
    }
    const manifest = readFileSync(path.join(dir, "Pulumi.yaml"), "utf8");
    const name = /^name:\s*(\S+)\s*$/m.exec(manifest)?.[1];
    if (name === undefined) {
      throw new Error(`${path.join(dir, "Pulumi.yaml")} has no project name`);
    }
    return new ProjectFolder(dir, name);
  }
}

/** The version of a package installed in `modules`, as a caret range a user's package.json would hold. */
function caretVersionIn(modules: string, name: string): string {
  const manifest = JSON.parse(readFileSync(path.join(modules, name, "package.json"), "utf8")) as { version: string };
  return `^${manifest.version}`;
}
