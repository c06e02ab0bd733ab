import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliLeakPlaces } from "./harness/cli/cliLeakPlaces";
import { CliStack } from "./harness/cli/cliStack";
import { ProjectFolder } from "./harness/cli/projectFolder";
import { emulatorEndpointConfig, startEmulatorTenant, type EmulatorTenant } from "./harness/emulatorTenant";
import { findLeaks } from "./harness/leakScan";
import { REPO_ROOT } from "./harness/toolchain";

// Every code block in README.md and docs/ that declares a SynchronizationSecrets is either a program a user can paste
// into `index.ts` and run, the constructor's signature, or the migration's one-line diff. Each program runs here as
// the index.ts of a fresh project with the plain CLI, with the stack config it reads, and must create the resource and
// write its keys; a program that also declares a SynchronizationJob must leave it running, and destroy must delete it.

const RESOURCE_TYPE = "pulumi-nodejs:dynamic/graphsync:SynchronizationSecrets";
const DECLARES = /\bnew SynchronizationSecrets\(/;
/** A block of the constructor's signatures only (one per overload), as docs/api.md shows them. */
const SIGNATURE = /^(?:new SynchronizationSecrets\(name: string, args: [^\n]+, opts\?: pulumi\.CustomResourceOptions\)\n)+$/;
const isSignature = (block: CodeBlock): boolean => SIGNATURE.test(`${block.text.trim()}\n`);
/** The languages of code a user could paste; a diagram's fence (no language, or `text`) is not code. */
const CODE_LANGUAGES: ReadonlySet<string> = new Set(["ts", "typescript", "js", "javascript", "diff"]);
/** What the test sets for the plain config keys the documented programs read (any other key fails the test). */
const PLAIN_VALUES: Readonly<Record<string, string>> = {
  scimBaseAddress: "https://scim.docs.example/v2",
  notificationEmail: "provisioning@docs.example",
};

/** A fenced code block of a markdown file. */
interface CodeBlock {
  readonly file: string;
  readonly line: number;
  readonly language: string;
  readonly text: string;
}

function codeBlocks(file: string): CodeBlock[] {
  const lines = readFileSync(file, "utf8").split("\n");
  const blocks: CodeBlock[] = [];
  let open: { line: number; language: string; indent: string; body: string[] } | undefined;
  lines.forEach((line, index) => {
    const fence = /^(\s*)```(\S*)\s*$/.exec(line);
    if (open === undefined && fence) {
      open = { line: index + 1, language: fence[2] ?? "", indent: fence[1] ?? "", body: [] };
    } else if (open !== undefined && fence && (fence[2] ?? "") === "") {
      blocks.push({ file: path.relative(REPO_ROOT, file), line: open.line, language: open.language, text: open.body.join("\n") + "\n" });
      open = undefined;
    } else if (open !== undefined) {
      open.body.push(line.startsWith(open.indent) ? line.slice(open.indent.length) : line);
    }
  });
  return blocks;
}

const DOCUMENTS = [path.join(REPO_ROOT, "README.md"), ...readdirSync(path.join(REPO_ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => path.join(REPO_ROOT, "docs", f))];
const DECLARING = DOCUMENTS.flatMap(codeBlocks).filter((block) => CODE_LANGUAGES.has(block.language) && DECLARES.test(block.text));
const PROGRAMS = DECLARING.filter((block) => block.language === "ts" && !isSignature(block));

/** The stack config a program reads: `config.<getter>("key")`, and whether as a secret. */
function configReads(program: string): Array<{ key: string; secret: boolean }> {
  return [...program.matchAll(/config\.(require|get)(Secret)?(?:Number|Boolean|Object)?\("(\w+)"\)/g)].map((match) => ({
    key: match[3] ?? "",
    secret: match[2] === "Secret",
  }));
}

let tenant: EmulatorTenant;

beforeAll(async () => {
  tenant = await startEmulatorTenant();
});

afterAll(async () => {
  await tenant?.emulator.close();
});

describe("code blocks that declare a SynchronizationSecrets", () => {
  it("are complete programs, the constructor's signature, or the migration's diff: nothing a user cannot run", () => {
    const other = DECLARING.filter(
      (block) => !PROGRAMS.includes(block) && !isSignature(block) && !(block.language === "diff" && block.file === "README.md"),
    );
    expect(other.map((block) => `${block.file}:${block.line}`)).toEqual([]);
    expect(PROGRAMS.map((block) => block.file)).toEqual(["README.md", "README.md", "docs/api.md", "docs/api.md"]);
    for (const block of PROGRAMS) {
      expect(block.text, `${block.file}:${block.line}`).toMatch(/^import \{ (SynchronizationJob, )?SynchronizationSecrets \} from "pulumi-graph-sync";$/m);
      expect(block.text, `${block.file}:${block.line}`).not.toMatch(/export default/);
    }
  });

  describe.each(PROGRAMS.map((block, index) => [`${block.file}:${block.line}`, block, index] as const))("%s", (_, block, index) => {
    let project: ProjectFolder;
    let stack: CliStack;
    let principal: string;
    const secrets: string[] = [];

    beforeAll(async () => {
      principal = tenant.newServicePrincipal();
      project = ProjectFolder.fromProgram({ name: `graphsync-docs-${index}`, program: block.text });
      stack = await CliStack.init({ project });
      for (const read of configReads(block.text)) {
        const value =
          read.key === "servicePrincipalId" ? principal : read.secret ? `docs-secret-${randomBytes(9).toString("hex")}` : PLAIN_VALUES[read.key];
        if (value === undefined) {
          throw new Error(`${block.file}:${block.line} reads config ${read.key}; the test has no value for it`);
        }
        if (read.secret) secrets.push(value);
        await stack.configSet(read.key, value, { secret: read.secret });
      }
      for (const [key, entry] of Object.entries({ ...tenant.config, ...emulatorEndpointConfig(tenant.emulator) })) {
        await stack.configSet(key, entry.value, { secret: entry.secret === true });
      }
    });

    afterAll(() => {
      stack?.dispose();
      project?.dispose();
    });

    it("runs as the index.ts of a fresh project: up creates the resource and writes its keys, destroy clears them", async () => {
      const up = await stack.up();
      expect(up.outcome.steps.filter((step) => step.type === RESOURCE_TYPE).map((step) => step.op)).toEqual(["create"]);
      const stored = tenant.emulator.storedSecrets(principal) ?? {};
      const keys = stack.resources().find((resource) => resource.type === RESOURCE_TYPE)?.outputs["keys"];
      expect(Array.isArray(keys) && keys.length > 0).toBe(true);
      expect(Object.keys(stored).sort()).toEqual(keys);
      for (const secret of secrets) {
        expect(Object.values(stored)).toContain(secret);
      }
      const declaresJob = /\bnew SynchronizationJob\(/.test(block.text);
      const jobs = () => (tenant.emulator.synchronizationJobs(principal) ?? []).map((job) => job.schedule.state);
      expect(jobs()).toEqual(declaresJob ? ["Active"] : []);
      await stack.destroy();
      expect(stack.resources()).toEqual([]);
      expect(jobs()).toEqual([]);
      expect(findLeaks(cliLeakPlaces(stack), [...secrets, tenant.clientSecret])).toEqual([]);
    });
  });
});
