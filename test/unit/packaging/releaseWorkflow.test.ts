import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";

// The release workflow runs only on GitHub, when a release is published; this checks what it promises: it tests
// before it publishes, publishes with provenance through trusted publishing, and holds no credential.

const WORKFLOW_FILE = path.resolve(__dirname, "../../../.github/workflows/release.yml");

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}

interface Workflow {
  readonly on: Record<string, { types?: string[] }>;
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

const text = readFileSync(WORKFLOW_FILE, "utf8");
const workflow = parseYaml(text) as Workflow;
const jobs = Object.values(workflow.jobs);
const steps = jobs.flatMap((job) => job.steps);
const indexOfRun = (pattern: RegExp) => steps.findIndex((step) => pattern.test(step.run ?? ""));

describe("the release workflow", () => {
  it("runs only when a GitHub release is published", () => {
    expect(workflow.on).toEqual({ release: { types: ["published"] } });
  });

  it("publishes with provenance, after the whole test command passed", () => {
    const publish = indexOfRun(/^npm publish --provenance --access public$/m);
    const tests = indexOfRun(/^bash scripts\/test\.sh$/m);
    expect(publish).toBeGreaterThan(-1);
    expect(tests).toBeGreaterThan(-1);
    expect(tests).toBeLessThan(publish);
    expect(steps.filter((step) => /npm publish/.test(step.run ?? ""))).toHaveLength(1);
  });

  it("asks for an OIDC token only in the publishing job, and reads nothing else than the repository", () => {
    expect(workflow.permissions).toEqual({ contents: "read" });
    expect(jobs.map((job) => job.permissions)).toEqual([{ contents: "read", "id-token": "write" }]);
  });

  it("uses trusted publishing (npm 11.5.1+), so no npm token or other secret is referenced", () => {
    expect(text).not.toMatch(/secrets\.|NODE_AUTH_TOKEN|NPM_TOKEN|_authToken/);
    const upgrade = indexOfRun(/^npm install --global npm@\^11\.5\.1$/m);
    expect(upgrade).toBeGreaterThan(-1);
    expect(upgrade).toBeLessThan(indexOfRun(/^npm publish/m));
  });

  it("tests on the Node.js major the package requires at least, with the pinned Pulumi CLI", () => {
    const manifest = JSON.parse(readFileSync(path.resolve(__dirname, "../../../package.json"), "utf8")) as { engines: { node: string } };
    const setupNode = steps.find((step) => step.uses?.startsWith("actions/setup-node@"));
    expect(`>=${String(setupNode?.with?.["node-version"])}`).toBe(manifest.engines.node);
    const toolchain = readFileSync(path.resolve(__dirname, "../../../scripts/toolchain.sh"), "utf8");
    const pin = /PGS_PULUMI_VERSION="v([\d.]+)"/.exec(toolchain)?.[1];
    expect(steps.find((step) => step.uses?.startsWith("pulumi/actions@"))?.with?.["pulumi-version"]).toBe(pin);
  });

  it("uses the current major of each action", () => {
    expect(steps.filter((step) => step.uses !== undefined).map((step) => step.uses)).toEqual([
      "actions/checkout@v7",
      "actions/setup-node@v7",
      "pulumi/actions@v7",
    ]);
  });
});
