import * as path from "node:path";
import ts from "typescript";

const REPO_ROOT = path.resolve(__dirname, "../../..");

/** A tsconfig.json parsed as the compiler reads it; an unreadable file throws with the compiler's own message. */
export function readTsconfig(configPath: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    },
  });
  if (parsed === undefined) {
    throw new Error(`${configPath} could not be read`);
  }
  return parsed;
}

/**
 * A compiler host that also sees `virtualFiles` (absolute path -> text), which exist only in memory. With
 * `packageFiles`, the parsed files under node_modules are kept there and reused: they are the same for every program
 * a test builds, and parsing them again is most of a type-check's time.
 */
export function compilerHostWith(
  options: ts.CompilerOptions,
  virtualFiles: ReadonlyMap<string, string>,
  packageFiles?: Map<string, ts.SourceFile>,
): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (fileName) => virtualFiles.has(fileName) || fileExists.call(host, fileName);
  host.readFile = (fileName) => virtualFiles.get(fileName) ?? readFile.call(host, fileName);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = virtualFiles.get(fileName);
    if (text !== undefined) {
      return ts.createSourceFile(fileName, text, languageVersion, true);
    }
    if (packageFiles === undefined || !fileName.includes(`${path.sep}node_modules${path.sep}`)) {
      return getSourceFile.call(host, fileName, languageVersion, onError, shouldCreate);
    }
    const format =
      typeof languageVersion === "object" ? `${languageVersion.languageVersion}/${languageVersion.impliedNodeFormat}` : `${languageVersion}`;
    const key = `${fileName}|${format}`;
    const parsed = packageFiles.get(key) ?? getSourceFile.call(host, fileName, languageVersion, onError, shouldCreate);
    if (parsed !== undefined) {
      packageFiles.set(key, parsed);
    }
    return parsed;
  };
  return host;
}

/**
 * A TypeScript program with the repository's compiler options (tsconfig.json) over `rootNames`, some of which may be
 * `virtualFiles` (absolute path -> text) that exist only in memory: how tests read the declared API or compile snippets.
 */
export function createProgram(rootNames: string[], virtualFiles: ReadonlyMap<string, string> = new Map()): ts.Program {
  const { options } = readTsconfig(path.join(REPO_ROOT, "tsconfig.json"));
  return ts.createProgram({ rootNames, options, host: compilerHostWith(options, virtualFiles) });
}
