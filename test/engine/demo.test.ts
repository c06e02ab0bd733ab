import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as net from "node:net";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { findLeaks } from "./harness/leakScan";
import { languageHost, REPO_ROOT, pulumiBinDir } from "./harness/toolchain";

const TSX_CLI = createRequire(__filename).resolve("tsx/cli");

/** Values unique to this run, so that finding one in the transcript can only mean the demo printed it. */
function demoValues(): Record<string, string> {
  const random = (): string => randomBytes(12).toString("hex");
  return {
    clientSecret: `client-secret-${random()}`,
    scimToken: `scim-token-${random()}`,
    rotatedScimToken: `scim-token-${random()}`,
    scimBaseAddress: `https://scim-${random()}.contoso.example/v2`,
    notificationEmail: `alerts-${random()}@contoso.example`,
  };
}

/** A demo run: the child process and everything it wrote to stdout and stderr. */
interface DemoProcess {
  child: ChildProcess;
  transcript: () => string;
  exited: Promise<number | null>;
}

/**
 * Starts `tsx scripts/demo.ts --quiet` in its own process group, as a terminal would. The run's CA variables are
 * removed so the demo has to set up trust in its emulator by itself, as it must when a user runs it.
 * PGS_LANGUAGE_HOST is checked first: the demo runs the quickstart with the plain CLI and its Node.js language host.
 */
function startDemo(values: Record<string, string>): DemoProcess {
  languageHost();
  const env: NodeJS.ProcessEnv = { ...process.env, PGS_DEMO_VALUES: JSON.stringify(values), PGS_PULUMI_BIN_DIR: pulumiBinDir() };
  delete env["PGS_EMULATOR_CA_DIR"];
  delete env["NODE_EXTRA_CA_CERTS"];
  const child = spawn(process.execPath, [TSX_CLI, "scripts/demo.ts", "--quiet"], {
    cwd: REPO_ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout?.on("data", (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  return { child, transcript: () => text, exited };
}

async function waitFor(demo: DemoProcess, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(demo.transcript())) {
    if (Date.now() > deadline || demo.child.exitCode !== null) {
      throw new Error(`The demo never printed ${pattern}. Transcript:\n${demo.transcript()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The transcript's sections by step title ("Preview: which keys would be written" -> its lines). */
function sections(transcript: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of transcript.split(/^== \d+\. /m).slice(1)) {
    const newline = part.indexOf("\n");
    found.set(part.slice(0, newline), part.slice(newline + 1));
  }
  return found;
}

function section(transcript: string, titleStart: string): string {
  const entry = [...sections(transcript)].find(([title]) => title.startsWith(titleStart));
  if (entry === undefined) {
    throw new Error(`The transcript has no step "${titleStart}...". Transcript:\n${transcript}`);
  }
  return entry[1];
}

/** What the demo created, read back from its own narration. */
function resourcesNamed(transcript: string): { origin: string; caFile: string; backendDir: string; stackFile: string } {
  const origin = /Emulator: (https:\/\/127\.0\.0\.1:\d+)/.exec(transcript)?.[1];
  const caFile = /NODE_EXTRA_CA_CERTS=(\S+\.pem)/.exec(transcript)?.[1];
  const backendDir = /temporary local file backend \(([^)]+)\)/.exec(transcript)?.[1];
  const stackName = /^Stack (demo-\d+),/m.exec(transcript)?.[1];
  if (!origin || !caFile || !backendDir || !stackName) {
    throw new Error(`The transcript does not name the emulator, its CA, the backend and the stack:\n${transcript}`);
  }
  return { origin, caFile, backendDir, stackFile: path.join(REPO_ROOT, `Pulumi.${stackName}.yaml`) };
}

async function isListening(origin: string): Promise<boolean> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** A process on this machine, from /proc. */
interface ProcessEntry {
  pid: number;
  command: string;
}

/** Live (not zombie) descendants of `root`, read from /proc: the processes a run started, in any process group. */
function liveDescendants(root: number): ProcessEntry[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(Number(entry), "stat");
    const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (stat !== "" && state !== "Z") parents.set(Number(entry), Number(ppid));
  }
  const found: ProcessEntry[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift();
    for (const [pid, ppid] of parents) {
      if (ppid === parent) {
        found.push({ pid, command: readProc(pid, "cmdline").replace(/\0/g, " ") });
        queue.push(pid);
      }
    }
  }
  return found;
}

function isAlive(pid: number): boolean {
  const stat = readProc(pid, "stat");
  return stat !== "" && stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
}

/** A /proc file of a process, or "" once the process is gone. */
function readProc(pid: number, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return "";
  }
}

async function expectNothingLeftBehind(transcript: string): Promise<void> {
  const created = resourcesNamed(transcript);
  expect(existsSync(created.backendDir)).toBe(false);
  expect(existsSync(created.stackFile)).toBe(false);
  expect(existsSync(created.caFile)).toBe(false);
  expect(await isListening(created.origin)).toBe(false);
}

describe("the offline demo", () => {
  it("narrates the keys written, changed, drifted, restored and cleared without printing a value", async () => {
    const values = demoValues();
    const demo = startDemo(values);
    const code = await demo.exited;
    const transcript = demo.transcript();
    expect(code, transcript).toBe(0);

    // The commands it runs are the CLI's own, printed as typed, so each step can be repeated by hand.
    const setup = section(transcript, "Create a stack");
    expect(setup).toMatch(/^\$ export PULUMI_BACKEND_URL=file:\/\/\S+$/m);
    expect(setup).toMatch(/^\$ pulumi stack init demo-\d+$/m);
    expect(setup).toContain("$ pulumi config set --secret graphsync-quickstart:scimToken    (value typed at the prompt; not shown)");
    expect(setup).toContain("$ pulumi config set --secret graphsync:clientSecret    (value typed at the prompt; not shown)");

    const preview = section(transcript, "Preview");
    expect(preview).toMatch(/^\$ pulumi preview --diff$/m);
    expect(preview).toContain("The CLI reports: + 2 to create.");
    expect(preview).toContain("Keys the resource would write: BaseAddress, SecretToken, SyncNotificationSettings.");
    expect(preview).toContain("Emulator traffic: 0 token requests, 0 Graph requests: no credential was used and nothing was called.");
    expect(preview).toContain("On the service principal: nothing changed.");

    const up = section(transcript, "Up");
    expect(up).toMatch(/^\$ pulumi up --yes$/m);
    expect(up).toContain("The CLI reports: + 2 created.");
    expect(up).toContain("Emulator traffic: 1 token request, 1 Graph request: 1 write.");
    expect(up).toContain("written BaseAddress, SecretToken, SyncNotificationSettings; untouched SyncAll.");
    expect(up).toMatch(/PUT \/v1\.0\/servicePrincipals\/\{id\}\/synchronization\/secrets -> 204/);

    const rotation = section(transcript, "Change one key");
    expect(rotation).toMatch(/^\$ pulumi config set --secret graphsync-quickstart:scimToken {4}\(value typed at the prompt; not shown\)$/m);
    expect(rotation).toContain("Emulator traffic: 0 token requests, 0 Graph requests");
    expect(rotation).toContain("Emulator traffic: 1 token request, 1 Graph request: 1 write.");
    expect(rotation).toContain("changed SecretToken; untouched BaseAddress, SyncAll, SyncNotificationSettings.");
    // Computed from the emulator's log of what the write carried.
    expect(rotation).toMatch(/-> 204, carrying BaseAddress, SecretToken, SyncNotificationSettings$/m);
    expect(rotation).toContain("The write carried every declared key (BaseAddress, SecretToken, SyncNotificationSettings)");

    const drift = section(transcript, "Drift");
    expect(drift).toMatch(/^\$ pulumi refresh --yes$/m);
    expect(drift).toMatch(/graphsync: .*SecretToken.*missing/);
    expect(drift).toMatch(/graphsync: .*SyncNotificationSettings.*changed outside Pulumi/);
    expect(drift).not.toMatch(/graphsync: .*SyncAll/);
    expect(drift).toMatch(/GET \/v1\.0\/servicePrincipals\/\{id\}\/synchronization\/secrets -> 200/);
    expect(drift).toMatch(/Graph requests?: nothing was written/);
    expect(drift).toContain("The state now lists the managed keys BaseAddress, SyncNotificationSettings.");

    const restore = section(transcript, "Restore");
    expect(restore).toContain("Emulator traffic: 1 token request, 1 Graph request: 1 write.");
    expect(restore).toContain("Restored: SecretToken, SyncNotificationSettings.");

    const destroy = section(transcript, "Destroy");
    expect(destroy).toMatch(/^\$ pulumi destroy --yes$/m);
    expect(destroy).toContain("The CLI reports: - 2 deleted.");
    expect(destroy).toContain("Emulator traffic: 1 token request, 1 Graph request: 1 write.");
    expect(destroy).toContain("changed SyncNotificationSettings (now {}); cleared BaseAddress, SecretToken; untouched SyncAll.");
    expect(destroy).toMatch(/graphsync: warning: .*SyncNotificationSettings.*"\{\}"/);

    expect(section(transcript, "Leak check")).toContain("appear nowhere");
    expect(findLeaks({ "the demo's transcript": transcript }, Object.values(values))).toEqual([]);
    await expectNothingLeftBehind(transcript);
  });

  it("cleans up and stops every process it started when interrupted with Ctrl-C", async () => {
    const demo = startDemo(demoValues());
    const pid = demo.child.pid;
    if (pid === undefined) throw new Error("The demo did not start.");
    await waitFor(demo, /^\$ pulumi up/m, 120_000);
    // Interrupt once the engine is at work: the CLI, and the provider plugin it starts in a process group of its own,
    // which a Ctrl-C does not reach and which outlives a CLI that is made to terminate at once.
    let started: ProcessEntry[] = [];
    const deadline = Date.now() + 60_000;
    while (!started.some((entry) => entry.command.includes("dynamic-provider"))) {
      if (Date.now() > deadline) throw new Error(`The engine never started the provider plugin:\n${demo.transcript()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      started = liveDescendants(pid);
    }

    process.kill(-pid, "SIGINT");
    const code = await demo.exited;
    const transcript = demo.transcript();
    expect(code, transcript).toBe(130);
    expect(transcript).toContain("demo stopped");
    expect(transcript).not.toMatch(/^== \d+\. Done/m);
    await expectNothingLeftBehind(transcript);
    expect(started.filter((entry) => isAlive(entry.pid))).toEqual([]);
  });
});
