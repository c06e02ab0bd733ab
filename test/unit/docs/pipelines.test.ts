import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { resolveSettings } from "../../../provider/settings/providerSettings";
import { SETTINGS_CATALOGUE } from "../../../provider/settings/catalogue";
import { pulumiBinDir } from "../../engine/harness/toolchain";

// The pipeline examples are configuration users copy verbatim, so every name in them must be one this package, npm
// or the Pulumi CLI actually knows: a typo would only surface in a user's failed deployment.

const REPO_ROOT = path.resolve(__dirname, "../../..");
const PIPELINES_DIR = path.join(REPO_ROOT, "examples", "pipelines");
const GITHUB_WORKFLOW = path.join(PIPELINES_DIR, "github", "pulumi.yml");
const AZURE_PIPELINE = path.join(PIPELINES_DIR, "azure-pipelines.yml");
const README = path.join(PIPELINES_DIR, "README.md");

/** `pulumi/actions@v7` inputs (its action.yml at v7.0.0). */
const PULUMI_ACTION_INPUTS = new Set([
  "command", "stack-name", "work-dir", "comment-on-pr", "comment-on-pr-number", "comment-on-summary", "edit-pr-comment",
  "github-token", "cloud-url", "secrets-provider", "config-map", "diff", "refresh", "upsert", "expect-no-changes",
  "target", "exclude", "replace", "plan", "suppress-outputs", "suppress-progress", "always-include-summary",
  "continue-on-error", "pulumi-version", "pulumi-version-file", "color", "log-verbosity", "debug",
]);

/** The current major of each action the workflow may use. */
const ACTION_MAJORS: Readonly<Record<string, string>> = {
  "actions/checkout": "v7",
  "actions/setup-node": "v7",
  "pulumi/auth-actions": "v2",
  "pulumi/actions": "v7",
};

/** Variables the CI system itself sets in a job, as the provider would find them (placeholder values). */
const GITHUB_OIDC_ENVIRONMENT = {
  ACTIONS_ID_TOKEN_REQUEST_URL: "https://pipelines.actions.githubusercontent.com/placeholder/idtoken?api-version=2.0",
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: "placeholder-request-token",
};
const AZURE_CLI_TASK_ENVIRONMENT = {
  AZURESUBSCRIPTION_CLIENT_ID: "11111111-1111-1111-1111-111111111111",
  AZURESUBSCRIPTION_TENANT_ID: "00000000-0000-0000-0000-000000000000",
  AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: "33333333-3333-3333-3333-333333333333",
  SYSTEM_OIDCREQUESTURI: "https://dev.azure.com/contoso/_apis/distributedtask/hubs/build/plans/1/jobs/2/oidctoken",
};

type Environment = Record<string, string>;

interface GitHubStep {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Environment;
  "working-directory"?: string;
}

interface GitHubJob {
  if?: string;
  permissions?: Record<string, string>;
  env?: Environment;
  steps: GitHubStep[];
}

interface GitHubWorkflow {
  on: Record<string, { branches?: string[] } | null>;
  permissions?: Record<string, string>;
  env?: Environment;
  jobs: Record<string, GitHubJob>;
}

interface AzureStep {
  task?: string;
  script?: string;
  inputs?: Record<string, string>;
  env?: Environment;
  workingDirectory?: string;
}

interface AzurePipeline {
  trigger: { branches: { include: string[] } };
  pr: { branches: { include: string[] } };
  variables: Array<{ group?: string; name?: string; value?: string }>;
  stages: Array<{ stage: string; condition?: string; jobs: Array<{ job: string; steps: AzureStep[] }> }>;
}

const workflow = parseYaml(readFileSync(GITHUB_WORKFLOW, "utf8")) as GitHubWorkflow;
const pipeline = parseYaml(readFileSync(AZURE_PIPELINE, "utf8")) as AzurePipeline;

const CONFIG_KEYS = new Set(SETTINGS_CATALOGUE.map((setting) => setting.configKey));
const ENVIRONMENT_VARIABLES = new Set(SETTINGS_CATALOGUE.flatMap((setting) => setting.environment));

function job(name: string): GitHubJob {
  const found = workflow.jobs[name];
  if (found === undefined) {
    throw new Error(`the workflow has no job ${name}`);
  }
  return found;
}

function pulumiActionStep(candidate: GitHubJob): GitHubStep & { with: Record<string, unknown> } {
  const steps = candidate.steps.filter((step) => step.uses?.startsWith("pulumi/actions@"));
  expect(steps).toHaveLength(1);
  const [step] = steps;
  if (step?.with === undefined) {
    throw new Error("the pulumi/actions step has no inputs");
  }
  return step as GitHubStep & { with: Record<string, unknown> };
}

function stage(name: string): AzurePipeline["stages"][number] {
  const found = pipeline.stages.find((candidate) => candidate.stage === name);
  if (found === undefined) {
    throw new Error(`the pipeline has no stage ${name}`);
  }
  return found;
}

function azureSteps(stageName: string): AzureStep[] {
  return stage(stageName).jobs.flatMap((candidate) => candidate.steps);
}

/** `${{ env.NAME }}` and `$(name)` references replaced from the file's own variables. */
function expandGitHub(text: string): string {
  return text.replace(/\$\{\{\s*env\.(\w+)\s*\}\}/g, (_, name: string) => {
    const value = workflow.env?.[name];
    if (value === undefined) {
      throw new Error(`the workflow refers to env.${name}, which it does not define`);
    }
    return value;
  });
}

function expandAzure(text: string): string {
  return text.replace(/\$\((\w+)\)/g, (_, name: string) => {
    const variable = pipeline.variables.find((candidate) => candidate.name === name);
    if (variable?.value === undefined) {
      throw new Error(`the pipeline refers to $(${name}), which it does not define`);
    }
    return variable.value;
  });
}

/** A job's environment as the provider process sees it: `${{ vars.X }}` become placeholders, never secrets. */
function jobEnvironment(candidate: GitHubJob): Environment {
  const declared = { ...workflow.env, ...candidate.env };
  return Object.fromEntries(
    Object.entries(declared).map(([name, value]) => [name, String(value).replace(/\$\{\{\s*vars\.\w+\s*\}\}/g, "00000000-0000-0000-0000-000000000000")]),
  );
}

function noConfig(): { get(key: string): string | undefined } {
  return { get: () => undefined };
}

/** `npm run <script>` commands in `text`, as [script] lists. */
function npmScripts(text: string): string[] {
  return [...text.matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1] ?? "");
}

function packageScripts(projectDir: string): Record<string, string> {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, projectDir, "package.json"), "utf8")) as { scripts?: Record<string, string> };
  return manifest.scripts ?? {};
}

/** `pulumi <command> <flags...>` invocations in a script. */
function pulumiInvocations(script: string): Array<{ command: string; flags: string[] }> {
  return script
    .split(/&&|\n|;/)
    .map((part) => part.trim().split(/\s+/))
    .filter((words) => words[0] === "pulumi")
    .map((words) => ({ command: words[1] ?? "", flags: words.filter((word) => word.startsWith("--")).map((flag) => flag.split("=")[0] ?? flag) }));
}

/** `pulumi <command> --help` starts the CLI once per command: seconds each when other work shares the cores. */
const CLI_HELP_TIMEOUT_MS = 60_000;

function cliHelp(command: string): string {
  return execFileSync(path.join(pulumiBinDir(), "pulumi"), [command, "--help"], {
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  }).toString();
}

describe("the GitHub Actions workflow", () => {
  it("previews pull requests into main and comments the preview on them", () => {
    expect(workflow.on["pull_request"]?.branches).toEqual(["main"]);
    const preview = job("preview");
    expect(preview.if).toBe("github.event_name == 'pull_request'");
    const action = pulumiActionStep(preview);
    expect(action.uses).toBe("pulumi/actions@v7");
    expect(action.with["command"]).toBe("preview");
    expect(action.with["comment-on-pr"]).toBe(true);
  });

  it("applies with pulumi up only on pushes to main", () => {
    expect(workflow.on["push"]?.branches).toEqual(["main"]);
    const up = job("up");
    expect(up.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(pulumiActionStep(up).with["command"]).toBe("up");
    expect(Object.keys(workflow.jobs).sort()).toEqual(["preview", "up"]);
  });

  it("grants each job only the permissions it needs", () => {
    expect(workflow.permissions).toEqual({ contents: "read" });
    expect(job("preview").permissions).toEqual({ contents: "read", "id-token": "write", "pull-requests": "write" });
    expect(job("up").permissions).toEqual({ contents: "read", "id-token": "write" });
  });

  it("makes the provider choose GitHub Actions OIDC in the up job, from variables rather than secrets", () => {
    const up = job("up");
    for (const value of Object.values({ ...workflow.env, ...up.env })) {
      expect(String(value)).not.toMatch(/secrets\./);
    }
    const settings = resolveSettings(noConfig(), { ...jobEnvironment(up), ...GITHUB_OIDC_ENVIRONMENT });
    expect(settings.credential.kind).toBe("githubActions");
  });

  it("uses no stored secret but the job's own GitHub token", () => {
    const text = readFileSync(GITHUB_WORKFLOW, "utf8");
    expect(new Set([...text.matchAll(/secrets\.(\w+)/g)].map((match) => match[1]))).toEqual(new Set(["GITHUB_TOKEN"]));
  });

  it("gives the preview job no Azure setting, so a pull request cannot sign in to Graph", () => {
    const preview = job("preview");
    const stepEnvironments = preview.steps.flatMap((step) => Object.keys(step.env ?? {}));
    const names = [...Object.keys(jobEnvironment(preview)), ...stepEnvironments];
    expect(names.filter((name) => ENVIRONMENT_VARIABLES.has(name))).toEqual([]);
    const settings = resolveSettings(noConfig(), { ...jobEnvironment(preview), ...GITHUB_OIDC_ENVIRONMENT });
    expect(settings.credential.kind).not.toBe("githubActions");
  });

  it("uses only the pulumi/actions v7 inputs and the current major of every action", () => {
    for (const name of ["preview", "up"]) {
      const inputs = Object.keys(pulumiActionStep(job(name)).with);
      expect(inputs.filter((input) => !PULUMI_ACTION_INPUTS.has(input))).toEqual([]);
      for (const step of job(name).steps.filter((candidate) => candidate.uses !== undefined)) {
        const [action, version] = (step.uses ?? "").split("@");
        expect(ACTION_MAJORS[action ?? ""], `${step.uses} is not an action this workflow expects`).toBe(version);
      }
    }
  });

  it("runs only npm scripts the Pulumi project defines, in a directory holding that project", () => {
    for (const name of ["preview", "up"]) {
      const candidate = job(name);
      const workDir = expandGitHub(String(pulumiActionStep(candidate).with["work-dir"]));
      expect(existsSync(path.join(REPO_ROOT, workDir, "Pulumi.yaml"))).toBe(true);
      for (const step of candidate.steps.filter((s) => s.run !== undefined)) {
        const directory = expandGitHub(step["working-directory"] ?? ".");
        expect(directory).toBe(workDir);
        const scripts = packageScripts(directory);
        for (const script of npmScripts(step.run ?? "")) {
          expect(scripts[script], `npm run ${script} in ${directory}`).toBeDefined();
        }
      }
    }
  });
});

describe("the Azure Pipelines definition", () => {
  it("previews pull requests into main and applies what reaches main", () => {
    expect(pipeline.trigger.branches.include).toEqual(["main"]);
    expect(pipeline.pr.branches.include).toEqual(["main"]);
    expect(stage("preview").condition).toBe("eq(variables['Build.Reason'], 'PullRequest')");
    expect(stage("up").condition).toContain("eq(variables['Build.SourceBranch'], 'refs/heads/main')");
    expect(stage("up").condition).toContain("ne(variables['Build.Reason'], 'PullRequest')");
    const commands = (stageName: string) =>
      azureSteps(stageName).flatMap((step) => pulumiInvocations(step.script ?? step.inputs?.["inlineScript"] ?? "").map((call) => call.command));
    expect(commands("preview")).toEqual(["preview"]);
    expect(commands("up")).toEqual(["up"]);
  });

  it("makes the provider choose the service connection's workload identity in the up stage", () => {
    const [step] = azureSteps("up").filter((candidate) => candidate.task === "AzureCLI@2");
    expect(step?.inputs?.["azureSubscription"]).toBe("${{ variables.serviceConnection }}");
    expect(step?.env?.["SYSTEM_ACCESSTOKEN"]).toBe("$(System.AccessToken)");
    const environment = { ...step?.env, SYSTEM_ACCESSTOKEN: "placeholder-access-token", ...AZURE_CLI_TASK_ENVIRONMENT };
    expect(resolveSettings(noConfig(), environment).credential.kind).toBe("azurePipelines");
  });

  it("uses no stored secret but the state backend's token and the job's own access token", () => {
    const referenced = pipeline.stages.flatMap((s) =>
      s.jobs.flatMap((j) => j.steps.flatMap((step) => Object.values(step.env ?? {}).flatMap((value) => [...value.matchAll(/\$\(([\w.]+)\)/g)].map((m) => m[1])))),
    );
    expect(new Set(referenced)).toEqual(new Set(["PULUMI_ACCESS_TOKEN", "System.AccessToken"]));
  });

  it("gives the preview stage no Azure setting and no service connection", () => {
    const steps = azureSteps("preview");
    expect(steps.filter((step) => step.task === "AzureCLI@2")).toEqual([]);
    const names = steps.flatMap((step) => Object.keys(step.env ?? {}));
    expect(names.filter((name) => ENVIRONMENT_VARIABLES.has(name))).toEqual([]);
  });

  it("runs only npm scripts the Pulumi project defines, in a directory holding that project", () => {
    for (const step of pipeline.stages.flatMap((s) => s.jobs.flatMap((j) => j.steps))) {
      const script = step.script ?? step.inputs?.["inlineScript"];
      const directory = step.workingDirectory ?? step.inputs?.["workingDirectory"];
      if (script === undefined || directory === undefined) {
        continue;
      }
      const projectDir = expandAzure(directory);
      expect(existsSync(path.join(REPO_ROOT, projectDir, "Pulumi.yaml"))).toBe(true);
      for (const name of npmScripts(script)) {
        expect(packageScripts(projectDir)[name], `npm run ${name} in ${projectDir}`).toBeDefined();
      }
    }
  });
});

describe("both pipelines and their README", () => {
  const texts = {
    workflow: readFileSync(GITHUB_WORKFLOW, "utf8"),
    pipeline: readFileSync(AZURE_PIPELINE, "utf8"),
    readme: readFileSync(README, "utf8"),
  };

  it("name only stack config keys and environment variables the provider reads", () => {
    for (const [place, text] of Object.entries(texts)) {
      const configKeys = [...text.matchAll(/graphsync:\w+/g)].map((match) => match[0]);
      expect(configKeys.filter((key) => !CONFIG_KEYS.has(key)), place).toEqual([]);
      const variables = [...text.matchAll(/\b(?:ARM|AZURE|AZURESUBSCRIPTION|ACTIONS_ID_TOKEN|SYSTEM)_[A-Z_]+\b/g)].map((m) => m[0]);
      expect(variables.filter((name) => !ENVIRONMENT_VARIABLES.has(name)), place).toEqual([]);
    }
    // The scan itself finds names: the workflows do rely on these.
    expect(texts.workflow).toContain("ARM_CLIENT_ID");
    expect(texts.readme).toContain("graphsync:adoPipelineServiceConnectionId");
  });

  it("run Pulumi commands and flags the pinned CLI knows", () => {
    const invocations = [
      ...pipeline.stages.flatMap((s) =>
        s.jobs.flatMap((j) => j.steps.flatMap((step) => pulumiInvocations(step.script ?? step.inputs?.["inlineScript"] ?? ""))),
      ),
      ...["preview", "up"].map((name) => ({ command: String(pulumiActionStep(job(name)).with["command"]), flags: [] })),
    ];
    expect(new Set(invocations.map((call) => call.command))).toEqual(new Set(["preview", "up"]));
    for (const call of invocations) {
      const help = cliHelp(call.command);
      expect(help).toMatch(new RegExp(`^\\s*pulumi ${call.command}\\b`, "m"));
      for (const flag of call.flags) {
        expect(help, `pulumi ${call.command} ${flag}`).toMatch(new RegExp(`\\s${flag}\\b`));
      }
    }
  }, CLI_HELP_TIMEOUT_MS);

  it("document the permissions, federated-credential subjects and settings each trigger needs", () => {
    for (const text of [
      "`contents: read`",
      "`pull-requests: write`",
      "`id-token: write`",
      "`Synchronization.ReadWrite.All`",
      "`Application.ReadWrite.OwnedBy`",
      "`repo:<org>/<repo>:pull_request`",
      "`repo:<org>/<repo>:ref:refs/heads/main`",
      "`repo:<org>/<repo>:environment:production`",
      "`sc://<organization>/<project>/<service connection name>`",
      "`api://AzureADTokenExchange`",
    ]) {
      expect(texts.readme).toContain(text);
    }
  });
});
