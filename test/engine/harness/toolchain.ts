import * as path from "node:path";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, "../../..");

/**
 * The directory holding the `pulumi` CLI the tests drive. scripts/toolchain.sh exports it; a missing CLI fails the
 * engine tests loudly instead of skipping them.
 */
export function pulumiBinDir(): string {
  const dir = process.env["PGS_PULUMI_BIN_DIR"];
  if (!dir || !existsSync(path.join(dir, "pulumi"))) {
    throw new Error(
      "The Pulumi CLI for the engine tests is missing: run the tests through scripts/test.sh, which builds or finds it " +
        "(PGS_PULUMI_BIN_DIR is not set or holds no pulumi binary).",
    );
  }
  return dir;
}

/**
 * The Node.js language host the CLI runs a `Pulumi.yaml` program with (`pulumi-language-nodejs`), as
 * scripts/toolchain.sh found it: next to the CLI, on PATH, or copied next to the CLI from ../shared/bin/. Without
 * one the plain-CLI tests cannot run, so they fail here, loudly, instead of passing without having run.
 */
export function languageHost(): string {
  const host = process.env["PGS_LANGUAGE_HOST"];
  if (!host || !existsSync(host)) {
    throw new Error(
      "The Node.js language host (pulumi-language-nodejs) is missing: the plain-CLI tests need it to run a Pulumi.yaml " +
        "program. Run the tests through scripts/test.sh, which finds it next to the CLI, on PATH or in ../shared/bin/; " +
        "an official Pulumi install ships it next to `pulumi`.",
    );
  }
  return host;
}

/**
 * Loads the package the way a user's program does: the npm-packed copy that scripts/toolchain.sh installs under
 * node_modules/pulumi-graph-sync, through Node's own loader. Only then does Pulumi serialize the provider as a
 * require() by package name, as it will for users.
 */
export function installedPackage(): typeof import("pulumi-graph-sync") {
  const entry = path.join(REPO_ROOT, "node_modules", "pulumi-graph-sync");
  if (!existsSync(path.join(entry, "package.json"))) {
    throw new Error("node_modules/pulumi-graph-sync is missing: run scripts/test.sh, which installs the packed package.");
  }
  return createRequire(__filename)(entry) as typeof import("pulumi-graph-sync");
}

/** Loads a plain CommonJS file with Node's loader (not vitest's transform), so closures serialize as written. */
export function loadNative<T>(file: string): T {
  return createRequire(__filename)(file) as T;
}
