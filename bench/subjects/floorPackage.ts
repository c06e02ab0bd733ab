import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";

const PACKAGE_NAME = "graphsync-bench-floor";

/**
 * The floor's provider installed as a package in a temporary `node_modules`, and loaded from there with Node's own
 * loader. Pulumi serializes the exports of an installed package as `require("<name>")`, so the floor's `__provider`
 * is as small as ours; the provider process finds the package through `NODE_PATH`.
 */
export class FloorPackage {
  private constructor(
    /** The provider object, the package's exports. */
    readonly provider: pulumi.dynamic.ResourceProvider,
    private readonly root: string,
  ) {}

  /** Installs floorProvider.cjs as a package and loads it. */
  static install(): FloorPackage {
    const root = mkdtempSync(path.join(os.tmpdir(), "graphsync-bench-floor-"));
    const packageDir = path.join(root, "node_modules", PACKAGE_NAME);
    mkdirSync(packageDir, { recursive: true });
    writeFileSync(path.join(packageDir, "package.json"), JSON.stringify({ name: PACKAGE_NAME, version: "1.0.0", main: "floorProvider.cjs" }));
    copyFileSync(path.join(__dirname, "floorProvider.cjs"), path.join(packageDir, "floorProvider.cjs"));
    const provider = createRequire(__filename)(packageDir) as pulumi.dynamic.ResourceProvider;
    return new FloorPackage(provider, root);
  }

  /** The environment a provider process needs to load the package by name. */
  get environment(): Record<string, string> {
    const inherited = process.env["NODE_PATH"];
    const own = path.join(this.root, "node_modules");
    return { NODE_PATH: inherited ? `${own}${path.delimiter}${inherited}` : own };
  }

  /** Removes the temporary package (the loaded module stays in this process's cache). */
  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
