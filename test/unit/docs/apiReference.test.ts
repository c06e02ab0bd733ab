import { readFileSync } from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { createProgram } from "../support/typescriptProgram";

// docs/api.md is written by hand; this keeps it true. The TypeScript compiler lists what provider/index.ts exports,
// with every member's declared type, and each must appear in docs/api.md exactly as declared: no export, member,
// parameter or type missing, none documented that no longer exists, and every export and member carries TSDoc.

const REPO_ROOT = path.resolve(__dirname, "../../..");
const ENTRY = path.join(REPO_ROOT, "provider", "index.ts");
const API_DOC = path.join(REPO_ROOT, "docs", "api.md");
const PROGRAM_TIMEOUT_MS = 120_000;

interface ApiMember {
  name: string;
  type: string;
  optional: boolean;
}

interface ApiExport {
  name: string;
  kind: "class" | "interface" | "type";
  /** `class X extends Y` or `interface X`; for a type alias, `type X = ...;`. */
  declaration: string;
  members: ApiMember[];
  /** The constructor's parameter lists as declared, one per overload, for classes. */
  constructorParameters?: ApiMember[][];
}

interface ApiSurface {
  exports: ApiExport[];
  /** Exports, members and constructor parameters without TSDoc, e.g. `SynchronizationSecrets.keys`. */
  undocumented: string[];
}

/** Whitespace collapsed and a union's leading `|` dropped, so line breaks in a declaration do not matter. */
function normalize(text: string): string {
  return text.replace(/\s+/g, " ").replace(/^\| |(?<== )\| /g, "").trim();
}

function hasDoc(symbol: ts.Symbol | undefined, checker: ts.TypeChecker): boolean {
  return symbol !== undefined && ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() !== "";
}

function typeText(node: ts.PropertyDeclaration | ts.PropertySignature | ts.ParameterDeclaration, checker: ts.TypeChecker): string {
  return normalize(node.type?.getText() ?? checker.typeToString(checker.getTypeAtLocation(node)));
}

/** The exports of `file` and their members, as the compiler sees them. */
function readApi(program: ts.Program, file: string): ApiSurface {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const moduleSymbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) {
    throw new Error(`${file} is not a module the compiler could read`);
  }
  const undocumented: string[] = [];
  const exports = checker.getExportsOfModule(moduleSymbol).map((exported): ApiExport => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.declarations?.[0];
    if (!hasDoc(symbol, checker)) {
      undocumented.push(exported.name);
    }
    if (declaration !== undefined && ts.isClassDeclaration(declaration)) {
      const heritage = declaration.heritageClauses?.map((clause) => ` ${clause.getText()}`).join("") ?? "";
      const members: ApiMember[] = [];
      const constructorParameters: ApiMember[][] = [];
      const overloaded = declaration.members.filter(ts.isConstructorDeclaration).length > 1;
      for (const member of declaration.members) {
        // With overloads, users see the overload signatures; the implementation's is not part of the API.
        if (ts.isConstructorDeclaration(member) && overloaded && member.body !== undefined) continue;
        if (ts.isConstructorDeclaration(member)) {
          const signature = checker.getSignatureFromDeclaration(member);
          if (signature === undefined || ts.displayPartsToString(signature.getDocumentationComment(checker)).trim() === "") {
            undocumented.push(`${exported.name}.constructor`);
          }
          const documentedParameters = new Set(
            ts.getJSDocTags(member).filter(ts.isJSDocParameterTag).filter((tag) => ts.getTextOfJSDocComment(tag.comment)?.trim()).map((tag) => tag.name.getText()),
          );
          constructorParameters.push(member.parameters.map((parameter) => {
            const name = parameter.name.getText();
            if (!documentedParameters.has(name)) {
              undocumented.push(`${exported.name}.constructor(${name})`);
            }
            return { name, type: typeText(parameter, checker), optional: parameter.questionToken !== undefined };
          }));
        } else if (ts.isPropertyDeclaration(member) && member.name !== undefined) {
          const name = member.name.getText();
          if (!hasDoc(checker.getSymbolAtLocation(member.name), checker)) {
            undocumented.push(`${exported.name}.${name}`);
          }
          members.push({ name, type: typeText(member, checker), optional: member.questionToken !== undefined });
        } else if (member.name !== undefined) {
          // Methods and accessors would need their own rows; fail until this test learns them.
          members.push({ name: member.name.getText(), type: "(member kind not supported by this test)", optional: false });
        }
      }
      return { name: exported.name, kind: "class", declaration: `class ${exported.name}${heritage}`, members, constructorParameters };
    }
    if (declaration !== undefined && ts.isInterfaceDeclaration(declaration)) {
      const members = declaration.members.map((member): ApiMember => {
        const name = member.name?.getText() ?? "(index signature)";
        if (!hasDoc(member.name === undefined ? undefined : checker.getSymbolAtLocation(member.name), checker)) {
          undocumented.push(`${exported.name}.${name}`);
        }
        const type = ts.isPropertySignature(member) ? typeText(member, checker) : "(member kind not supported by this test)";
        return { name, type, optional: member.questionToken !== undefined };
      });
      return { name: exported.name, kind: "interface", declaration: `interface ${exported.name}`, members };
    }
    if (declaration !== undefined && ts.isTypeAliasDeclaration(declaration)) {
      const parameters = declaration.typeParameters === undefined ? "" : `<${declaration.typeParameters.map((p) => p.getText()).join(", ")}>`;
      const text = `type ${exported.name}${parameters} = ${declaration.type.getText()};`;
      return { name: exported.name, kind: "type", declaration: normalize(text), members: [] };
    }
    return { name: exported.name, kind: "type", declaration: "(export kind not supported by this test)", members: [] };
  });
  return { exports, undocumented };
}

/** The `## \`Name\`` sections of the reference, by name. */
function sections(markdown: string): Map<string, string> {
  const found = new Map<string, string>();
  const parts = markdown.split(/^## /m).slice(1);
  for (const part of parts) {
    const name = /^`(\w+)`\s*$/m.exec(part.split("\n")[0] ?? "")?.[1];
    if (name !== undefined) {
      found.set(name, part);
    }
  }
  return found;
}

/** The rows of the tables in `text` whose first cell is a code span: name, type (second cell), third cell. */
function tableRows(text: string): Array<{ name: string; type: string; third: string }> {
  return text
    .split("\n")
    .filter((line) => /^\| `[^`]+` \|/.test(line))
    .map((line) => {
      const cells = line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replace(/\\\|/g, "|"));
      const code = (cell: string | undefined) => /^`(.*)`$/.exec(cell ?? "")?.[1] ?? cell ?? "";
      return { name: code(cells[0]), type: normalize(code(cells[1])), third: cells[2] ?? "" };
    });
}

function subsection(section: string, heading: string): string {
  const start = section.indexOf(`\n### ${heading}\n`);
  if (start < 0) {
    return "";
  }
  const next = section.indexOf("\n### ", start + 1);
  return section.slice(start, next < 0 ? undefined : next);
}

function compareRows(owner: string, rows: ReturnType<typeof tableRows>, members: ApiMember[], withRequired: boolean): string[] {
  const problems: string[] = [];
  for (const member of members) {
    const row = rows.find((candidate) => candidate.name === member.name);
    if (row === undefined) {
      problems.push(`${owner}.${member.name} is not documented`);
      continue;
    }
    if (row.type !== member.type) {
      problems.push(`${owner}.${member.name} is documented as ${row.type}, declared as ${member.type}`);
    }
    if (withRequired && row.third !== (member.optional ? "no" : "yes")) {
      problems.push(`${owner}.${member.name} is documented as required "${row.third}", declared ${member.optional ? "optional" : "required"}`);
    }
  }
  for (const row of rows) {
    if (!members.some((member) => member.name === row.name)) {
      problems.push(`${owner}.${row.name} is documented but not declared`);
    }
  }
  return problems;
}

/** Every way docs/api.md disagrees with the declared API; empty when they agree. */
function referenceProblems(markdown: string, api: readonly ApiExport[]): string[] {
  const documented = sections(markdown);
  const problems: string[] = [];
  for (const name of documented.keys()) {
    if (!api.some((exported) => exported.name === name)) {
      problems.push(`${name} is documented but not exported`);
    }
  }
  for (const exported of api) {
    const section = documented.get(exported.name);
    if (section === undefined) {
      problems.push(`${exported.name} is exported but has no section`);
      continue;
    }
    if (!normalize(section).includes(exported.declaration)) {
      problems.push(`${exported.name}: the section does not show "${exported.declaration}"`);
    }
    if (exported.kind === "class") {
      const overloads = exported.constructorParameters ?? [];
      const constructor = subsection(section, "Constructor");
      for (const parameters of overloads) {
        const signature = `new ${exported.name}(${parameters.map((p) => `${p.name}${p.optional ? "?" : ""}: ${p.type}`).join(", ")})`;
        if (!normalize(constructor).includes(signature)) {
          problems.push(`${exported.name}: the constructor section does not show "${signature}"`);
        }
      }
      // One row per parameter; its type is checked where every overload declares the same one.
      const byName = new Map<string, ApiMember[]>();
      for (const parameter of overloads.flat()) byName.set(parameter.name, [...(byName.get(parameter.name) ?? []), parameter]);
      const rows = tableRows(constructor).map((row) => {
        const types = new Set(byName.get(row.name)?.map((parameter) => parameter.type));
        return types.size > 1 && types.has(row.type) ? { ...row, type: [...types][0] ?? row.type } : row;
      });
      const parameters = [...byName.values()].map((declared) => declared[0] as ApiMember);
      problems.push(...compareRows(`${exported.name}.constructor`, rows, parameters, false));
      problems.push(...compareRows(exported.name, tableRows(subsection(section, "Members")), exported.members, false));
    } else if (exported.kind === "interface") {
      problems.push(...compareRows(exported.name, tableRows(section), exported.members, true));
    }
  }
  return problems;
}

describe("docs/api.md", () => {
  let api: ApiSurface;
  const reference = readFileSync(API_DOC, "utf8");

  beforeAll(() => {
    api = readApi(createProgram([ENTRY]), ENTRY);
  }, PROGRAM_TIMEOUT_MS);

  it("covers the package root's exports", () => {
    expect(api.exports.map((exported) => exported.name).sort()).toEqual([
      "AppKeySetting",
      "CredentialsInput",
      "CredentialsWithUnknownKeysInput",
      "DomainSetting",
      "GraphApiVersion",
      "JsonValue",
      "SecretPairInput",
      "SecretValueInput",
      "SecretValueOf",
      "SecretsByKey",
      "SyncNotificationSettings",
      "SynchronizationJob",
      "SynchronizationJobArgs",
      "SynchronizationJobReference",
      "SynchronizationJobResetScope",
      "SynchronizationSecretKey",
      "SynchronizationSecrets",
      "SynchronizationSecretsArgs",
      "SynchronizationSecretsArgsWithUnknownKeys",
    ]);
  });

  it("documents every export, member, parameter and type exactly as declared, and nothing else", () => {
    expect(referenceProblems(reference, api.exports)).toEqual([]);
  });

  it.each(["SynchronizationSecrets", "SynchronizationJob"])("states the type token of %s", (name) => {
    const resource = api.exports.find((exported) => exported.name === name);
    const token = resource?.members.find((member) => member.name === "pulumiType")?.type;
    expect(token).toBe(`"pulumi-nodejs:dynamic/graphsync:${name}"`);
    expect(reference).toContain(`Pulumi type token: \`${JSON.parse(token ?? '""') as string}\``);
  });

  it("finds every export and member documented in the source (TSDoc)", () => {
    expect(api.undocumented).toEqual([]);
  });

  it("notices a missing section, a missing member, a changed type and a stale section", () => {
    const withoutJsonValue = reference.replace(/## `JsonValue`[\s\S]*?(?=## `GraphApiVersion`)/, "");
    const withoutKeys = reference.replace(/^\| `keys` \|.*\n/m, "");
    const retyped = reference.replace("| `servicePrincipalId` | `pulumi.Input<string>` |", "| `servicePrincipalId` | `string` |");
    const optionalized = reference.replace("| `credentials` | `pulumi.Input<CredentialsInput>` | yes |", "| `credentials` | `pulumi.Input<CredentialsInput>` | no |");
    const stale = `${reference}\n## \`SynchronizationSchema\`\n\nGone.\n`;
    for (const [mutated, expected] of [
      [withoutJsonValue, "JsonValue is exported but has no section"],
      [withoutKeys, "SynchronizationSecrets.keys is not documented"],
      [retyped, "SynchronizationSecretsArgs.servicePrincipalId is documented as string, declared as pulumi.Input<string>"],
      [optionalized, 'SynchronizationSecretsArgs.credentials is documented as required "no", declared required'],
      [stale, "SynchronizationSchema is documented but not exported"],
    ] as const) {
      expect(mutated).not.toBe(reference);
      expect(referenceProblems(mutated, api.exports)).toContain(expected);
    }
  });

  it("notices an export or member without TSDoc", () => {
    const file = path.join(REPO_ROOT, "provider", "__undocumented__.ts");
    const text = [
      "/** Documented. */",
      "export class Documented {",
      "  undocumentedMember = 1;",
      "  /** Builds it. */",
      "  constructor(_label: string) {}",
      "}",
      "export type Undocumented = string;",
    ].join("\n");
    const surface = readApi(createProgram([file], new Map([[file, text]])), file);
    expect(surface.undocumented.sort()).toEqual(["Documented.constructor(_label)", "Documented.undocumentedMember", "Undocumented"]);
  });
});
