/**
 * The offline demo (`bash scripts/demo.sh`, or `npx tsx scripts/demo.ts` in a shell the toolchain has set up): runs
 * the quickstart project (the root Pulumi.yaml, program quickstart/index.ts) through the real Pulumi engine against
 * the Microsoft Graph emulator on 127.0.0.1, and narrates what each step did to the service principal's secrets.
 * It prints key names, never a value.
 *
 * Options:
 *   --quiet   narration only, without the engine's own output (the demo test runs it this way)
 *
 * `PGS_DEMO_VALUES` (JSON, any subset of {@link DemoValues}) replaces the values the demo stores, so a test knows
 * exactly which strings must never appear in the transcript.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import {
  LocalWorkspace,
  PulumiCommand,
  type ConfigMap,
  type EngineEvent,
  type PulumiFn,
  type Stack,
  type StepEventMetadata,
} from "@pulumi/pulumi/automation";
import { SETTINGS_CATALOGUE } from "../provider/settings/catalogue";
import { startEmulator, type Emulator } from "../test/emulator";
import { emulatorStackConfig } from "../test/engine/harness/emulatorTenant";

const REPO_ROOT = path.resolve(__dirname, "..");
/** The quickstart's config namespace: the project `name` in the root Pulumi.yaml. */
const PROJECT = "graphsync-quickstart";
/** A key the service principal holds before Pulumi runs (set in the portal); the stack never declares it. */
const FOREIGN_KEY = "SyncAll";
/** The value Graph leaves on a JSON-valued key it cannot remove. */
const CLEARED_JSON = "{}";

/** The values the demo stores on the service principal or uses to sign in. */
interface DemoValues {
  /** The emulator app's client secret: the provider's credential. */
  clientSecret: string;
  /** The SCIM bearer token of the first `up`. */
  scimToken: string;
  /** The SCIM bearer token after the rotation. */
  rotatedScimToken: string;
  /** The SCIM endpoint (plain config; the resource stores it as a secret). */
  scimBaseAddress: string;
  /** Where quarantine notifications go (plain config; part of the secret SyncNotificationSettings). */
  notificationEmail: string;
}

/** How the demo runs. */
interface DemoOptions {
  /** Leave out the engine's own output. */
  quiet: boolean;
  /** The values stored. */
  values: DemoValues;
}

/** What one engine operation printed and the events it sent. */
interface Operation {
  output: string;
  events: EngineEvent[];
}

/** What an engine operation gets from the demo: output and event sinks, the cancel signal, display settings. */
interface OperationHooks {
  onOutput: (text: string) => void;
  onEvent: (event: EngineEvent) => void;
  signal: AbortSignal;
  color: "never";
  suppressProgress: true;
}

/** Applies every default in one place: generated secrets unless `PGS_DEMO_VALUES` names them. */
function resolveDemoOptions(argv: readonly string[], env: NodeJS.ProcessEnv): DemoOptions {
  const { values: flags } = parseArgs({ args: [...argv], options: { quiet: { type: "boolean", default: false } } });
  const given = env["PGS_DEMO_VALUES"] === undefined ? {} : (JSON.parse(env["PGS_DEMO_VALUES"]) as Partial<DemoValues>);
  const random = (): string => randomBytes(18).toString("base64url");
  return {
    quiet: flags.quiet ?? false,
    values: {
      clientSecret: given.clientSecret ?? `demo-client-secret-${random()}`,
      scimToken: given.scimToken ?? `demo-scim-token-${random()}`,
      rotatedScimToken: given.rotatedScimToken ?? `demo-scim-token-${random()}`,
      scimBaseAddress: given.scimBaseAddress ?? "https://scim.contoso.example/v2",
      notificationEmail: given.notificationEmail ?? "provisioning-alerts@contoso.example",
    },
  };
}

/**
 * One run of the demo: the emulator, the stack, and the narration. {@link DemoRun.dispose} stops the emulator and
 * removes the temporary backend and the stack's config file, however the run ended.
 */
class DemoRun {
  private emulator: Emulator | undefined;
  private stack: Stack | undefined;
  private backendDir: string | undefined;
  private readonly stackName = `demo-${process.pid}`;
  private readonly stackConfigFile = path.join(REPO_ROOT, `Pulumi.${this.stackName}.yaml`);
  private readonly operations: Operation[] = [];
  private readonly narration: string[] = [];
  private readonly abort = new AbortController();
  private servicePrincipalId = "";
  private clientId = "";
  private declaredKeys: string[] = [];
  private stepNumber = 0;
  private stopped: NodeJS.Signals | undefined;
  private pendingOutput = "";

  constructor(private readonly options: DemoOptions) {}

  /**
   * Stops the run: no further step starts. A Ctrl-C reaches the CLI as well (it runs in the demo's process group) and
   * makes it cancel the operation in progress; a second SIGINT would make it terminate at once and orphan its
   * provider plugin, so only other signals (SIGTERM) are passed on to it.
   */
  stop(signal: NodeJS.Signals): void {
    this.stopped = signal;
    if (signal !== "SIGINT") {
      this.abort.abort();
    }
  }

  /** The signal that stopped the run, if one did. */
  get stoppedBy(): NodeJS.Signals | undefined {
    return this.stopped;
  }

  /** Every step, in order. */
  async run(): Promise<void> {
    this.say("pulumi-graph-sync demo");
    this.say("The quickstart project (Pulumi.yaml, program quickstart/index.ts) runs through the real Pulumi engine");
    this.say("against a Microsoft Graph emulator on 127.0.0.1. Nothing leaves this machine and no secret value is printed.");
    await this.startEmulator();
    await this.createStack();
    await this.preview();
    await this.create();
    await this.rotateToken();
    await this.driftAndRefresh();
    await this.restore();
    await this.destroy();
    this.checkForLeaks();
    this.step("Done");
    this.say("Next: the emulator stops and the temporary backend and stack file are removed; nothing keeps running.");
    this.say("To run the same program against your tenant, see README.md, \"Quickstart\".");
  }

  /** Removes everything the run created. Safe after any failure, and more than once. */
  async dispose(): Promise<void> {
    rmSync(this.stackConfigFile, { force: true });
    if (this.backendDir !== undefined) {
      rmSync(this.backendDir, { recursive: true, force: true });
    }
    await this.emulator?.close();
  }

  private async startEmulator(): Promise<void> {
    this.step("Start the Microsoft Graph + Entra ID emulator");
    const emulator = await startEmulator();
    this.emulator = emulator;
    const app = emulator.registerApp({ clientSecret: this.options.values.clientSecret, roles: ["Synchronization.ReadWrite.All"] });
    this.clientId = app.clientId;
    this.servicePrincipalId = emulator.createServicePrincipal({ owners: [app.clientId] });
    emulator.setStoredSecrets(this.servicePrincipalId, { [FOREIGN_KEY]: "false" });
    this.say(`Emulator: ${emulator.origin} (HTTPS; the Pulumi CLI and the provider process trust it through`);
    this.say(`NODE_EXTRA_CA_CERTS=${emulator.caFile}).`);
    this.say(`App registration ${app.clientId}: Graph permission Synchronization.ReadWrite.All, signs in with a client secret.`);
    this.say(`Service principal ${this.servicePrincipalId} (the enterprise application) already holds a key set in`);
    this.say("the portal before Pulumi ever ran:");
    this.showStoredKeys();
  }

  private async createStack(): Promise<void> {
    this.step("Create a stack of the quickstart project");
    const emulator = this.requireEmulator();
    this.backendDir = mkdtempSync(path.join(os.tmpdir(), "graphsync-demo-"));
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: this.stackName, projectName: PROJECT, program: loadQuickstart() },
      {
        workDir: REPO_ROOT,
        pulumiCommand: await findPulumiCli(),
        secretsProvider: "passphrase",
        envVars: {
          PULUMI_BACKEND_URL: `file://${this.backendDir}`,
          PULUMI_CONFIG_PASSPHRASE: "graphsync demo",
          PULUMI_SKIP_UPDATE_CHECK: "true",
          PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
          // The CLI and the dynamic-provider process it starts trust the emulator the standard way.
          NODE_EXTRA_CA_CERTS: emulator.caFile,
        },
      },
    );
    this.stack = stack;
    const config: ConfigMap = {
      [`${PROJECT}:servicePrincipalId`]: { value: this.servicePrincipalId },
      [`${PROJECT}:scimBaseAddress`]: { value: this.options.values.scimBaseAddress },
      [`${PROJECT}:scimToken`]: { value: this.options.values.scimToken, secret: true },
      [`${PROJECT}:notificationEmail`]: { value: this.options.values.notificationEmail },
      ...emulatorStackConfig(emulator, this.clientId, this.options.values.clientSecret),
    };
    await stack.setAllConfig(config);
    this.say(`Stack ${this.stackName}, on a temporary local file backend (${this.backendDir}).`);
    this.say("Its configuration, as `pulumi config set` writes it; the graphsync: keys point the provider at the");
    this.say("emulator, exactly as they would point it at a tenant (secret values are encrypted in the stack file):");
    for (const [key, entry] of Object.entries(config)) {
      this.say(`  ${key.padEnd(40)} ${describeConfigValue(key, entry.value, entry.secret === true)}`);
    }
  }

  private async preview(): Promise<void> {
    this.step("Preview: which keys would be written");
    const before = this.snapshot();
    const operation = await this.operate("preview --diff", (hooks) => this.requireStack().preview({ ...hooks, diff: true }));
    this.declaredKeys = plannedKeys(operation);
    this.say(`The engine plans: ${describeSteps(operation)}.`);
    this.say(`Keys the resource would write: ${this.declaredKeys.join(", ")}. Their values show as [secret].`);
    this.showTraffic("a preview needs no credential and calls nothing.");
    this.showChanges(before);
  }

  private async create(): Promise<void> {
    this.step("Up: write the declared keys");
    const before = this.snapshot();
    const operation = await this.operate("up --yes", (hooks) => this.requireStack().up(hooks));
    this.say(`The engine did: ${describeSteps(operation)}.`);
    this.showTraffic("one token, one PUT with the three keys.");
    this.showChanges(before);
    this.say("The service principal now holds:");
    this.showStoredKeys();
  }

  private async rotateToken(): Promise<void> {
    this.step("Change one key: rotate the SCIM token");
    const stack = this.requireStack();
    await stack.setConfig(`${PROJECT}:scimToken`, { value: this.options.values.rotatedScimToken, secret: true });
    this.say(`$ pulumi config set --secret ${PROJECT}:scimToken '<the new token>'`);
    const beforePreview = this.snapshot();
    const preview = await this.operate("preview --diff", (hooks) => stack.preview({ ...hooks, diff: true }));
    this.say(`The engine plans: ${describeSteps(preview)}. credentials stays [secret] on both sides; the key list is`);
    this.say("unchanged, so the change is to a value.");
    this.showChanges(beforePreview);
    const before = this.snapshot();
    const up = await this.operate("up --yes", (hooks) => stack.up(hooks));
    this.say(`The engine did: ${describeSteps(up)}.`);
    this.showTraffic("one PUT; the provider sends only the keys that changed.");
    this.showChanges(before);
  }

  private async driftAndRefresh(): Promise<void> {
    this.step("Drift: someone edits the service principal outside Pulumi; refresh sees it");
    const before = this.snapshot();
    this.requireEmulator().setStoredSecrets(this.servicePrincipalId, {
      SecretToken: "",
      SyncNotificationSettings: JSON.stringify({ Enabled: false, DeleteThresholdEnabled: false }),
    });
    this.say("In the portal, someone deletes the SCIM token and turns quarantine e-mails off.");
    this.showChanges(before);
    const beforeRefresh = this.snapshot();
    const refresh = await this.operate("refresh --yes", (hooks) => this.requireStack().refresh(hooks));
    this.say("The provider reported the drift (key names only; SyncAll is not declared, so it is not drift):");
    for (const line of providerMessages(refresh)) {
      this.say(`  ${line}`);
    }
    this.say(`The engine did: ${describeSteps(refresh)}: the state now matches the service principal.`);
    this.showTraffic("a refresh reads and never writes.");
    this.showChanges(beforeRefresh);
  }

  private async restore(): Promise<void> {
    this.step("Restore: up writes the declared values back");
    const before = this.snapshot();
    const up = await this.operate("up --yes", (hooks) => this.requireStack().up(hooks));
    this.say(`The engine did: ${describeSteps(up)}.`);
    this.showTraffic("one PUT of the keys that differ from the declaration.");
    const restored = this.showChanges(before);
    this.say(`Restored: ${restored.join(", ")}.`);
  }

  private async destroy(): Promise<void> {
    this.step("Destroy: clear the keys the stack owns, and only those");
    const before = this.snapshot();
    const operation = await this.operate("destroy --yes", (hooks) => this.requireStack().destroy(hooks));
    this.say("The provider reported:");
    for (const line of providerMessages(operation)) {
      this.say(`  ${line}`);
    }
    this.say(`The engine did: ${describeSteps(operation)}.`);
    this.showTraffic("one PUT that clears the declared keys.");
    this.showChanges(before);
    this.say("The service principal keeps the key Pulumi never owned, and the JSON-valued key Graph cannot remove:");
    this.showStoredKeys();
  }

  /** Runs one engine operation, echoing its output unless quiet, and keeps it for the leak check. */
  private async operate(command: string, run: (hooks: OperationHooks) => Promise<unknown>): Promise<Operation> {
    if (this.stopped !== undefined) {
      throw new Error(`stopped by ${this.stopped}`);
    }
    this.requireEmulator().reset();
    const operation: Operation = { output: "", events: [] };
    this.operations.push(operation);
    this.say(`$ pulumi ${command}`);
    try {
      await run({
        onOutput: (text) => {
          operation.output += text;
          this.echoEngineOutput(text);
        },
        onEvent: (event) => operation.events.push(event),
        signal: this.abort.signal,
        color: "never",
        suppressProgress: true,
      });
    } finally {
      this.echoEngineOutput("\n");
    }
    return operation;
  }

  /** Writes the engine's output a whole line at a time, indented under the command that printed it. */
  private echoEngineOutput(text: string): void {
    if (this.options.quiet) return;
    const lines = (this.pendingOutput + text).split("\n");
    this.pendingOutput = lines.pop() ?? "";
    for (const line of lines.filter((candidate) => candidate.trim() !== "")) {
      process.stdout.write(`    | ${line}\n`);
    }
  }

  /**
   * The demo's own guard, over more than the transcript shows: the secrets must be absent from everything the engine
   * printed or sent, from the state files and from the stack's config file; no stored value may appear in what the
   * engine printed or in the narration. Any hit ends the run with an error naming the place, not the value.
   */
  private checkForLeaks(): void {
    const { clientSecret, scimToken, rotatedScimToken, scimBaseAddress, notificationEmail } = this.options.values;
    const secrets = [clientSecret, scimToken, rotatedScimToken];
    const printed: Array<[string, string]> = [
      ["the narration", this.narration.join("\n")],
      ...this.operations.map((operation, index): [string, string] => [`the output of operation ${index + 1}`, operation.output]),
    ];
    const stored: Array<[string, string]> = [
      ...this.operations.map((operation, index): [string, string] => [
        `the events of operation ${index + 1}`,
        JSON.stringify(operation.events),
      ]),
      ...(this.backendDir === undefined ? [] : readTree(this.backendDir)),
      ...(existsSync(this.stackConfigFile) ? [[this.stackConfigFile, readFileSync(this.stackConfigFile, "utf8")] as [string, string]] : []),
    ];
    const leaks = [
      ...findIn(printed, [...secrets, scimBaseAddress, notificationEmail]),
      ...findIn(stored, secrets),
    ];
    if (leaks.length > 0) {
      throw new Error(`Leak check failed: a stored value appears in ${[...new Set(leaks)].join(", ")}.`);
    }
    this.step("Leak check");
    this.say(`The 5 values the demo stored appear nowhere in the narration or in the output of the ${this.operations.length}`);
    this.say("engine operations; the 3 secrets among them appear nowhere in the engine's events, the state files or");
    this.say("the stack's config file (where Pulumi keeps them encrypted).");
  }

  private showStoredKeys(): void {
    const emulator = this.requireEmulator();
    const stored = emulator.storedSecrets(this.servicePrincipalId) ?? {};
    const masked = new Set(emulator.behaviour.maskedKeys);
    const names = Object.keys(stored).sort();
    if (names.length === 0) {
      this.say("  (no keys)");
    }
    for (const name of names) {
      const notes =
        stored[name] === CLEARED_JSON
          ? [`left as ${CLEARED_JSON}: Graph cannot remove a JSON-valued key`]
          : [
              this.declaredKeys.includes(name) ? "declared by the stack" : "not declared: never read as drift, never changed",
              ...(masked.has(name) ? ['Graph reads it back masked as "*"'] : []),
            ];
      this.say(`  ${name.padEnd(26)} ${notes.join("; ")}`);
    }
  }

  private showTraffic(expectation: string): void {
    const emulator = this.requireEmulator();
    const counters = emulator.counters();
    const tokens = Object.values(counters.tokenRequests).reduce((sum, count) => sum + count, 0);
    this.say(`Emulator traffic: ${plural(tokens, "token request")}, ${plural(counters.graphRequestsTotal, "Graph request")}: ${expectation}`);
    for (const entry of emulator.requestLog().filter((candidate) => candidate.surface === "graph")) {
      this.say(`  ${entry.method} ${entry.path.replace(this.servicePrincipalId, "{id}")} -> ${entry.status}`);
    }
  }

  private snapshot(): Record<string, string> {
    return { ...(this.requireEmulator().storedSecrets(this.servicePrincipalId) ?? {}) };
  }

  /**
   * Says which keys of the service principal changed since `before`, comparing values in memory and printing names
   * only. Returns the keys written or changed.
   */
  private showChanges(before: Readonly<Record<string, string>>): string[] {
    const after = this.snapshot();
    const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    const written = names.filter((name) => !(name in before));
    const cleared = names.filter((name) => !(name in after));
    const changed = names.filter((name) => name in before && name in after && before[name] !== after[name]);
    const untouched = names.filter((name) => name in before && name in after && before[name] === after[name]);
    if (written.length + changed.length + cleared.length === 0) {
      this.say("On the service principal: nothing changed.");
      return [];
    }
    const describeChanged = (name: string): string => (after[name] === CLEARED_JSON ? `${name} (now ${CLEARED_JSON})` : name);
    const parts = [
      written.length > 0 ? `written ${written.join(", ")}` : undefined,
      changed.length > 0 ? `changed ${changed.map(describeChanged).join(", ")}` : undefined,
      cleared.length > 0 ? `cleared ${cleared.join(", ")}` : undefined,
      untouched.length > 0 ? `untouched ${untouched.join(", ")}` : undefined,
    ].filter((part) => part !== undefined);
    this.say(`On the service principal: ${parts.join("; ")}.`);
    return [...written, ...changed].sort();
  }

  private requireEmulator(): Emulator {
    if (this.emulator === undefined) throw new Error("The emulator is not running.");
    return this.emulator;
  }

  private requireStack(): Stack {
    if (this.stack === undefined) throw new Error("The stack does not exist yet.");
    return this.stack;
  }

  private step(title: string): void {
    this.stepNumber += 1;
    this.say("");
    this.say(`== ${this.stepNumber}. ${title}`);
  }

  private say(line: string): void {
    this.narration.push(line);
    process.stdout.write(`${line}\n`);
  }
}

/** The quickstart's default export, loaded by Node from the repository root so it imports the installed package. */
function loadQuickstart(): PulumiFn {
  const fromRoot = createRequire(path.join(REPO_ROOT, "package.json"));
  const quickstart = fromRoot("./quickstart") as { default?: PulumiFn };
  if (typeof quickstart.default !== "function") {
    throw new Error("quickstart/index.ts has no default-exported program.");
  }
  return quickstart.default;
}

/** The CLI scripts/toolchain.sh found or built (PGS_PULUMI_BIN_DIR), else `pulumi` on PATH. */
async function findPulumiCli(): Promise<PulumiCommand> {
  const binDir = process.env["PGS_PULUMI_BIN_DIR"];
  try {
    return binDir === undefined ? await PulumiCommand.get() : await PulumiCommand.get({ root: path.dirname(binDir) });
  } catch (error) {
    throw new Error("No usable Pulumi CLI. Run the demo with `bash scripts/demo.sh`, which finds or builds one.", {
      cause: error,
    });
  }
}

function describeConfigValue(key: string, value: string, secret: boolean): string {
  if (secret) return "[secret]";
  // Plain config, but a credential value once the resource has it: the demo shows no credential value at all.
  if (key === `${PROJECT}:scimBaseAddress` || key === `${PROJECT}:notificationEmail`) return "(set; not shown)";
  return value;
}

/** The secrets resource's steps, e.g. `create scim-app`, with the properties that differ when the engine says. */
function describeSteps(operation: Operation): string {
  const steps = resourceSteps(operation).map((meta) => {
    const name = meta.urn.split("::").pop() ?? meta.urn;
    const diffs = meta.diffs ?? [];
    return `${meta.op} ${name}${diffs.length > 0 ? ` (differs: ${diffs.join(", ")})` : ""}`;
  });
  return steps.length > 0 ? steps.join("; ") : "nothing for the secrets resource";
}

/** The key names the plan gives the secrets resource (the `keys` input its check computed). */
function plannedKeys(operation: Operation): string[] {
  const keys: unknown = resourceSteps(operation)[0]?.new?.inputs?.["keys"];
  return Array.isArray(keys) ? keys.filter((key): key is string => typeof key === "string") : [];
}

function resourceSteps(operation: Operation): StepEventMetadata[] {
  return operation.events
    .map((event) => event.resourcePreEvent?.metadata)
    .filter((meta): meta is StepEventMetadata => meta !== undefined && meta.type.endsWith(":SynchronizationSecrets"));
}

/** The provider's own messages: its `graphsync: ...` stderr lines, which the engine relays as diagnostics. */
function providerMessages(operation: Operation): string[] {
  const lines = operation.events
    .flatMap((event) => (event.diagnosticEvent?.message ?? "").split("\n"))
    .map((line) => line.trim())
    .filter((line) => line.startsWith("graphsync:"));
  return [...new Set(lines)];
}

function findIn(places: ReadonlyArray<readonly [string, string]>, values: readonly string[]): string[] {
  return places.filter(([, text]) => values.some((value) => text.includes(value))).map(([place]) => place);
}

function readTree(dir: string): Array<[string, string]> {
  return readdirSync(dir).flatMap((entry): Array<[string, string]> => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? readTree(full) : [[full, readFileSync(full, "utf8")]];
  });
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/**
 * Clears the Azure settings the caller's shell may hold (ARM_*, AZURE_*, CI token variables, managed identity):
 * the provider would prefer some of them, a certificate path for one, over the emulator's client secret.
 */
function isolateFromCallerCredentials(env: NodeJS.ProcessEnv): void {
  const names = SETTINGS_CATALOGUE.filter((setting) => setting.name !== "debug").flatMap((setting) => setting.environment);
  for (const name of [...names, "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "MSI_ENDPOINT", "MSI_SECRET", "AZURE_TOKEN_CREDENTIALS"]) {
    delete env[name];
  }
}

async function main(): Promise<void> {
  const options = resolveDemoOptions(process.argv.slice(2), process.env);
  isolateFromCallerCredentials(process.env);
  const demo = new DemoRun(options);
  // Handlers stay installed: a second Ctrl-C (or the same signal relayed by tsx) must not skip the cleanup.
  const stop = (signal: NodeJS.Signals): void => {
    if (demo.stoppedBy !== undefined) return;
    process.stderr.write(`\n${signal}: stopping after the engine cancels, then cleaning up\n`);
    demo.stop(signal);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  try {
    await demo.run();
  } catch (error) {
    if (demo.stoppedBy === undefined) {
      throw error;
    }
  } finally {
    await demo.dispose();
  }
  if (demo.stoppedBy !== undefined) {
    process.stderr.write("demo stopped; the emulator, the temporary backend and the stack file are removed\n");
    process.exitCode = 130;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
