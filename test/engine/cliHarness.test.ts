import { readFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliStack } from "./harness/cli/cliStack";
import { ProgramDeclaresNothingError } from "./harness/cli/programDeclaresNothingError";
import { ProjectFolder } from "./harness/cli/projectFolder";
import { startEmulatorTenant, type EmulatorTenant } from "./harness/emulatorTenant";
import { REPO_ROOT } from "./harness/toolchain";

// The harness itself: a program that declares nothing under the Node.js runtime must fail the test that runs it. The
// program is the quickstart's, turned into the `export default async function` form every shipped program once had:
// TypeScript compiles it to `exports.default = ...`, which the runtime of a CommonJS project never calls.

/**
 * quickstart/index.ts with its top-level statements moved into a default-exported async function that returns its
 * outputs: the form the shipped programs had.
 */
function asDefaultExport(source: string): string {
  const lines = source.split("\n");
  const imports = lines.filter((line) => line.startsWith("import "));
  const body = lines.filter((line) => !line.startsWith("import ") && !/^\s*(\/\*\*|\*)/.test(line));
  const outputs = body.flatMap((line) => /^export const (\w+) =/.exec(line)?.[1] ?? []);
  return [
    ...imports,
    "",
    "export default async function program(): Promise<Record<string, unknown>> {",
    ...body.map((line) => `  ${line.replace(/^export const /, "const ")}`),
    `  return { ${outputs.join(", ")} };`,
    "}",
    "",
  ].join("\n");
}

let tenant: EmulatorTenant;
let project: ProjectFolder;
let stack: CliStack;
const program = asDefaultExport(readFileSync(path.join(REPO_ROOT, "quickstart", "index.ts"), "utf8"));

beforeAll(async () => {
  tenant = await startEmulatorTenant();
  project = ProjectFolder.fromProgram({ name: "graphsync-quickstart", program });
  stack = await CliStack.init({ project });
  const servicePrincipalId = tenant.newServicePrincipal();
  for (const [key, value] of Object.entries({
    servicePrincipalId,
    scimBaseAddress: "https://scim.harness.example/v2",
    notificationEmail: "alerts@harness.example",
  })) {
    await stack.configSet(`graphsync-quickstart:${key}`, value);
  }
  await stack.configSet("graphsync-quickstart:scimToken", "harness-token-6b1f0e", { secret: true });
  await stack.configSetAll(tenant.config);
});

afterAll(async () => {
  stack?.dispose();
  project?.dispose();
  await tenant?.emulator.close();
});

describe("the CLI harness", () => {
  it("is fed a program in the export default form that still compiles and reads the same config", () => {
    expect(program).toMatch(/^export default async function program\(\): Promise<Record<string, unknown>> \{$/m);
    expect(program).toMatch(/^ {2}return \{ \w+, \w+ \};$/m);
    expect(program).toContain('new SynchronizationSecrets("scim-app", {');
    expect(program).not.toMatch(/^export const /m);
  });

  it("rejects a preview and an up of a program that declares nothing, though the CLI reports success", async () => {
    const preview = stack.preview();
    await expect(preview).rejects.toThrow(ProgramDeclaresNothingError);
    const up = stack.up();
    await expect(up).rejects.toThrow(/registered no resource but the Stack/);
    // What a user saw: the CLI exited 0 after creating the Stack alone, and nothing reached Graph.
    const [, upRecord] = stack.records.filter((record) => record.args[0] === "preview" || record.args[0] === "up");
    expect(upRecord?.exitCode).toBe(0);
    expect(upRecord?.outcome?.changes).toEqual({ create: 1 });
    expect(upRecord?.outcome?.steps.map((step) => step.type)).toEqual(["pulumi:pulumi:Stack"]);
    expect(tenant.emulator.counters().graphRequestsTotal).toBe(0);
    expect(stack.resources()).toEqual([]);
  });
});
