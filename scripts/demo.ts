/**
 * The offline demo (`bash scripts/demo.sh`, or `npx tsx scripts/demo.ts` in a shell the toolchain has set up): runs
 * the quickstart project (the root Pulumi.yaml, program quickstart/index.ts) with the plain `pulumi` CLI and its
 * Node.js language host, as a user does, against the Microsoft Graph emulator on 127.0.0.1, and narrates what each
 * step did to the service principal's secrets. Every command it runs is printed as typed (`$ pulumi ...`), so each
 * step can be repeated by hand; values typed at a prompt are not printed. It prints key names, never a value.
 *
 * Options:
 *   --quiet   narration only, without the CLI's own output (the demo test runs it this way)
 *
 * `PGS_DEMO_VALUES` (JSON, any subset of {@link DemoValues}) replaces the values the demo stores, so a test knows
 * exactly which strings must never appear in the transcript.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { SETTINGS_CATALOGUE } from "../provider/settings/catalogue";
import { startEmulator, type Emulator } from "../test/emulator";

const REPO_ROOT = path.resolve(__dirname, "..");
/** The quickstart's config namespace: the project `name` in the root Pulumi.yaml. */
const PROJECT = "graphsync-quickstart";
/** A key the service principal holds before Pulumi runs (set in the portal); the stack never declares it. */
const FOREIGN_KEY = "SyncAll";
/** The value Graph leaves on a JSON-valued key it cannot remove. */
const CLEARED_JSON = "{}";
/** The passphrase of the demo stack's secrets (a throwaway stack on a temporary backend). */
const PASSPHRASE = "graphsync demo";

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
  /** Leave out the CLI's own output. */
  quiet: boolean;
  /** The values stored. */
  values: DemoValues;
}

/** One CLI command the demo ran and what it printed. */
interface Command {
  /** The command as printed, e.g. `pulumi up --yes`. */
  line: string;
  exitCode: number | null;
  output: string;
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
  private backendDir: string | undefined;
  private readonly stackName = `demo-${process.pid}`;
  private readonly stackConfigFile = path.join(REPO_ROOT, `Pulumi.${this.stackName}.yaml`);
  private readonly commands: Command[] = [];
  private readonly narration: string[] = [];
  private servicePrincipalId = "";
  private clientId = "";
  private declaredKeys: string[] = [];
  private stepNumber = 0;
  private stopped: NodeJS.Signals | undefined;
  private running: ChildProcess | undefined;
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
      this.running?.kill(signal);
    }
  }

  /** The signal that stopped the run, if one did. */
  get stoppedBy(): NodeJS.Signals | undefined {
    return this.stopped;
  }

  /** Every step, in order. */
  async run(): Promise<void> {
    this.say("pulumi-graph-sync demo");
    this.say("The quickstart project (Pulumi.yaml, program quickstart/index.ts) runs with the plain `pulumi` CLI, as you");
    this.say("would run it, against a Microsoft Graph emulator on 127.0.0.1. Nothing leaves this machine and no secret");
    this.say("value is printed. Each `$ pulumi ...` line is a command you can type yourself.");
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
    this.say(`Emulator: ${emulator.origin} (HTTPS, with a certificate authority of its own).`);
    this.say(`App registration ${app.clientId}: Graph permission Synchronization.ReadWrite.All, signs in with a client secret.`);
    this.say(`Service principal ${this.servicePrincipalId} (the enterprise application) already holds a key set in`);
    this.say("the portal before Pulumi ever ran:");
    this.showStoredKeys();
  }

  private async createStack(): Promise<void> {
    this.step("Create a stack of the quickstart project");
    const emulator = this.requireEmulator();
    this.backendDir = mkdtempSync(path.join(os.tmpdir(), "graphsync-demo-"));
    this.say(`The environment of every command: a temporary local file backend (${this.backendDir}), the passphrase`);
    this.say("of the stack's secrets, and the emulator's CA, which the CLI and the provider process trust the standard way:");
    for (const [name, value] of Object.entries(this.environment())) {
      this.say(`$ export ${name}=${shellWord(value)}`);
    }
    await this.pulumi(["stack", "init", this.stackName]);
    this.say(`Stack ${this.stackName}, in the repository root next to Pulumi.yaml. Its configuration: what the program reads, then`);
    this.say("the graphsync: settings that point the provider at the emulator exactly as they would point it at a tenant.");
    this.say("Values typed at the prompt are not shown; secrets are stored encrypted in the stack file.");
    const { values } = this.options;
    await this.configSet(`${PROJECT}:servicePrincipalId`, this.servicePrincipalId);
    await this.configSet(`${PROJECT}:scimBaseAddress`, values.scimBaseAddress, { prompted: true });
    await this.configSet(`${PROJECT}:scimToken`, values.scimToken, { secret: true });
    await this.configSet(`${PROJECT}:notificationEmail`, values.notificationEmail, { prompted: true });
    await this.configSet("graphsync:cloud", "custom");
    await this.configSet("graphsync:graphEndpoint", emulator.graphEndpoint);
    await this.configSet("graphsync:authorityHost", emulator.authorityHost);
    await this.configSet("graphsync:tenantId", emulator.tenantId);
    await this.configSet("graphsync:clientId", this.clientId);
    await this.configSet("graphsync:clientSecret", values.clientSecret, { secret: true });
  }

  private async preview(): Promise<void> {
    this.step("Preview: which keys would be written");
    const before = this.snapshot();
    const preview = await this.operate(["preview", "--diff"]);
    this.declaredKeys = plannedKeys(preview.output);
    this.say(`The CLI reports: ${summaryOf(preview.output)}.`);
    this.say(`Keys the resource would write: ${this.declaredKeys.join(", ")}. Their values show as [secret].`);
    this.showTraffic();
    this.showChanges(before);
  }

  private async create(): Promise<void> {
    this.step("Up: write the declared keys");
    const before = this.snapshot();
    const up = await this.operate(["up", "--yes"]);
    this.say(`The CLI reports: ${summaryOf(up.output)}.`);
    this.showTraffic();
    this.showChanges(before);
    this.say("The service principal now holds:");
    this.showStoredKeys();
  }

  private async rotateToken(): Promise<void> {
    this.step("Change one key: rotate the SCIM token");
    await this.configSet(`${PROJECT}:scimToken`, this.options.values.rotatedScimToken, { secret: true });
    const beforePreview = this.snapshot();
    const preview = await this.operate(["preview", "--diff"]);
    this.say(`The CLI reports: ${summaryOf(preview.output)}. credentials stays [secret] on both sides; the key list is`);
    this.say(plannedKeys(preview.output).join(",") === this.declaredKeys.join(",") ? "unchanged, so the change is to a value." : "different.");
    this.showTraffic();
    this.showChanges(beforePreview);
    const before = this.snapshot();
    const up = await this.operate(["up", "--yes"]);
    this.say(`The CLI reports: ${summaryOf(up.output)}.`);
    this.showTraffic();
    this.showChanges(before);
    const writes = this.requireEmulator().graphOperations({ operations: ["secrets.put"] });
    const carried = [...new Set(writes.flatMap((entry) => entry.secretKeys ?? []))].sort();
    if (carried.join(",") === this.declaredKeys.join(",")) {
      this.say(`The write carried every declared key (${carried.join(", ")}), the unchanged ones with the values they`);
      this.say("already had: they stay whether Graph merges the listed keys into the set or replaces the set with them.");
    } else {
      this.say(`The write carried ${carried.join(", ") || "no key"}.`);
    }
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
    const refresh = await this.operate(["refresh", "--yes"]);
    this.say("The provider reported the drift (key names only; SyncAll is not declared, so it is not drift):");
    for (const line of providerMessages(refresh.output)) {
      this.say(`  ${line}`);
    }
    this.say(`The CLI reports: ${summaryOf(refresh.output)}. The state now lists the managed keys ${this.stateKeys().join(", ")}.`);
    this.showTraffic();
    this.showChanges(beforeRefresh);
  }

  private async restore(): Promise<void> {
    this.step("Restore: up writes the declared values back");
    const before = this.snapshot();
    const up = await this.operate(["up", "--yes"]);
    this.say(`The CLI reports: ${summaryOf(up.output)}.`);
    this.showTraffic();
    const restored = this.showChanges(before);
    this.say(`Restored: ${restored.join(", ")}.`);
  }

  private async destroy(): Promise<void> {
    this.step("Destroy: clear the keys the stack owns, and only those");
    const before = this.snapshot();
    const destroy = await this.operate(["destroy", "--yes"]);
    this.say("The provider reported:");
    for (const line of providerMessages(destroy.output)) {
      this.say(`  ${line}`);
    }
    this.say(`The CLI reports: ${summaryOf(destroy.output)}.`);
    this.showTraffic();
    this.showChanges(before);
    this.say("The service principal keeps the key Pulumi never owned, and the JSON-valued key Graph cannot remove:");
    this.showStoredKeys();
  }

  /** The environment every command runs in, beyond the caller's: what a user would export to repeat a step. */
  private environment(): Record<string, string> {
    return {
      PULUMI_BACKEND_URL: `file://${this.backendDir ?? ""}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      NODE_EXTRA_CA_CERTS: this.requireEmulator().caFile,
    };
  }

  /** `pulumi config set`: plain values on the command line, the others typed at the prompt (given on stdin). */
  private async configSet(key: string, value: string, how: { secret?: boolean; prompted?: boolean } = {}): Promise<void> {
    const flags = how.secret ? ["--secret"] : [];
    if (how.secret || how.prompted) {
      await this.pulumi(["config", "set", ...flags, key], { stdin: value });
    } else {
      await this.pulumi(["config", "set", ...flags, key, value]);
    }
  }

  /** An engine operation: its traffic is counted from zero, and its output echoed unless quiet. */
  private async operate(args: readonly string[]): Promise<Command> {
    this.requireEmulator().reset();
    return this.pulumi(args, { echo: true });
  }

  /**
   * Runs one CLI command in the repository root, printing it as typed; keeps what it printed for the leak check.
   * Fails the demo when the command fails.
   */
  private async pulumi(args: readonly string[], options: { stdin?: string; echo?: boolean } = {}): Promise<Command> {
    if (this.stopped !== undefined) {
      throw new Error(`stopped by ${this.stopped}`);
    }
    const line = `pulumi ${args.join(" ")}`;
    this.say(`$ ${line}${options.stdin === undefined ? "" : "    (value typed at the prompt; not shown)"}`);
    const command: Command = { line, exitCode: null, output: "" };
    this.commands.push(command);
    const binDir = process.env["PGS_PULUMI_BIN_DIR"];
    const child = spawn(binDir === undefined ? "pulumi" : path.join(binDir, "pulumi"), args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...this.environment(), PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.running = child;
    const onOutput = (chunk: Buffer): void => {
      const text = chunk.toString();
      command.output += text;
      if (options.echo === true) this.echoCliOutput(text);
    };
    child.stdout.on("data", onOutput);
    child.stderr.on("data", onOutput);
    child.stdin.end(options.stdin ?? "");
    command.exitCode = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (code) => resolve(code));
    });
    this.running = undefined;
    if (options.echo === true) this.echoCliOutput("\n");
    if (command.exitCode !== 0) {
      const shown = options.echo === true && !this.options.quiet ? "" : `:\n${command.output.trim()}`;
      throw new Error(`\`${line}\` exited with ${command.exitCode ?? "a signal"}${shown}`);
    }
    return command;
  }

  /** Writes the CLI's output a whole line at a time, indented under the command that printed it. */
  private echoCliOutput(text: string): void {
    if (this.options.quiet) return;
    const lines = (this.pendingOutput + text).split("\n");
    this.pendingOutput = lines.pop() ?? "";
    for (const line of lines.filter((candidate) => candidate.trim() !== "")) {
      process.stdout.write(`    | ${line}\n`);
    }
  }

  /**
   * The demo's own guard, over more than the transcript shows: the secrets must be absent from everything the CLI
   * printed, from every file of the backend (the state, its history and backups) and from the stack's config file; no
   * stored value may appear in what the CLI printed or in the narration. Any hit ends the run with an error naming the
   * place, not the value.
   */
  private checkForLeaks(): void {
    const { clientSecret, scimToken, rotatedScimToken, scimBaseAddress, notificationEmail } = this.options.values;
    const secrets = [clientSecret, scimToken, rotatedScimToken];
    const printed: Array<[string, string]> = [
      ["the narration", this.narration.join("\n")],
      ...this.commands.map((command, index): [string, string] => [`the output of command ${index + 1} (${command.line})`, command.output]),
    ];
    const backendFiles = this.backendDir === undefined ? [] : readTree(this.backendDir);
    const stored: Array<[string, string]> = [
      ...backendFiles,
      ...(existsSync(this.stackConfigFile) ? [[this.stackConfigFile, readFileSync(this.stackConfigFile, "utf8")] as [string, string]] : []),
    ];
    const leaks = [...findIn(printed, [...secrets, scimBaseAddress, notificationEmail]), ...findIn(stored, secrets)];
    if (leaks.length > 0) {
      throw new Error(`Leak check failed: a stored value appears in ${[...new Set(leaks)].join(", ")}.`);
    }
    this.step("Leak check");
    this.say(`The 5 values the demo stored appear nowhere in the narration or in the output of the ${this.commands.length}`);
    this.say(`commands; the 3 secrets among them appear nowhere in the ${backendFiles.length} files of the backend (the state,`);
    this.say("its history and backups) or in the stack's config file (where Pulumi keeps them encrypted).");
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

  /** What the emulator saw during the last operation, from its counters and request log: every figure is observed. */
  private showTraffic(): void {
    const emulator = this.requireEmulator();
    const counters = emulator.counters();
    const tokens = Object.values(counters.tokenRequests).reduce((sum, count) => sum + count, 0);
    const graph = emulator.requestLog().filter((candidate) => candidate.surface === "graph");
    const writes = graph.filter((entry) => entry.method !== "GET").length;
    const verdict =
      counters.graphRequestsTotal === 0 && tokens === 0
        ? "no credential was used and nothing was called."
        : writes === 0
          ? `nothing was written (${plural(graph.length, "read")}).`
          : `${plural(writes, "write")}.`;
    this.say(`Emulator traffic: ${plural(tokens, "token request")}, ${plural(counters.graphRequestsTotal, "Graph request")}: ${verdict}`);
    for (const entry of graph) {
      // The key names a write carried, from the emulator's log (never a value).
      const carried = entry.secretKeys === undefined ? "" : `, carrying ${entry.secretKeys.join(", ")}`;
      this.say(`  ${entry.method} ${entry.path.replace(this.servicePrincipalId, "{id}")} -> ${entry.status}${carried}`);
    }
  }

  /** The `keys` output of the secrets resource in the stack's checkpoint (key names are not secret). */
  private stateKeys(): string[] {
    const checkpoint = this.backendDir === undefined ? undefined : readTree(this.backendDir).find(([file]) => /\/stacks\/.+\.json$/.test(file));
    const resources =
      (JSON.parse(checkpoint?.[1] ?? "{}") as { checkpoint?: { latest?: { resources?: Array<{ type: string; outputs?: { keys?: unknown } }> } } })
        .checkpoint?.latest?.resources ?? [];
    const keys = resources.find((resource) => resource.type.endsWith(":SynchronizationSecrets"))?.outputs?.keys;
    return Array.isArray(keys) ? keys.filter((key): key is string => typeof key === "string") : [];
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

/**
 * The CLI's last `Resources:` summary on one line, e.g. `+ 1 created, 1 unchanged` (an `up` prints its preview's
 * summary first, then its own).
 */
function summaryOf(output: string): string {
  const summary = [...output.matchAll(/^Resources:\n((?:[ \t]+.*\n?)+)/gm)].pop()?.[1] ?? "";
  const parts = summary
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  return parts.length > 0 ? parts.join(", ") : "no resource summary";
}

/** The key names a `--diff` display shows for the secrets resource (`keys: [ [0]: "BaseAddress" ... ]`). */
function plannedKeys(output: string): string[] {
  const list = /^\s*[-+~]?\s*keys\s*:\s*\[\n([\s\S]*?)^\s*\]/m.exec(output)?.[1] ?? "";
  return [...list.matchAll(/\[\d+\]: "(\w+)"/g)].map((match) => match[1] ?? "");
}

/** The provider's own messages: its `graphsync: ...` stderr lines, which the CLI shows as diagnostics. */
function providerMessages(output: string): string[] {
  const lines = output
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("graphsync:"));
  return [...new Set(lines)];
}

/** A value as a POSIX shell word. */
function shellWord(value: string): string {
  return /^[\w./:=@-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
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
    process.stderr.write(`\n${signal}: stopping after the CLI cancels, then cleaning up\n`);
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
