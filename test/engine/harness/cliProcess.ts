import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type { PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { hostInlineProgram } from "./inlineProgramHost";

/** How a CLI process ended. */
export interface CliExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One live process on this machine, as /proc shows it. */
export interface LiveProcess {
  pid: number;
  /** The executable's name (`comm`, at most 15 characters). */
  name: string;
}

/** Options of {@link CliProcess.start}. */
export interface CliProcessOptions {
  /** The Automation API stack whose workspace (directory, environment, CLI, PULUMI_HOME) the command runs in. */
  stack: Stack;
  /** The inline program, hosted in this process for the CLI (`--client`). */
  program: PulumiFn;
  /** The command and its flags, e.g. `["up", "--yes", "--skip-preview"]`; stack and program flags are added. */
  args: readonly string[];
}

/**
 * A Pulumi CLI command started by the test as a child process leading a session of its own, so the test can
 * SIGKILL the CLI (as an out-of-memory killer or a cancelled CI job would) and then find and end whatever the CLI
 * left running (its plugins, the dynamic provider among them).
 */
export class CliProcess {
  private stdoutText = "";
  private stderrText = "";

  private constructor(
    private readonly child: ChildProcess,
    /** The CLI's pid, which is also its session id. */
    readonly pid: number,
    /** Resolves when the CLI has exited (never rejects). */
    readonly exited: Promise<CliExit>,
    private readonly stopProgramHost: () => void,
  ) {
    child.stdout?.on("data", (chunk: Buffer) => {
      this.stdoutText += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      this.stderrText += chunk.toString();
    });
  }

  /** Hosts the program and starts the CLI. */
  static async start(options: CliProcessOptions): Promise<CliProcess> {
    const host = await hostInlineProgram(options.stack, options.program);
    const workspace = options.stack.workspace;
    const command = workspace.pulumiCommand.command;
    const args = [...options.args, ...host.cliArgs];
    const env = host.env;
    // detached: the CLI leads a new session, which the plugins it starts stay in, so they can be found after it dies.
    const child = spawn(command, args, { cwd: workspace.workDir, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const pid = child.pid;
    if (pid === undefined) {
      host.close(true);
      throw new Error(`the Pulumi CLI did not start: ${command}`);
    }
    const exited = new Promise<CliExit>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    return new CliProcess(child, pid, exited, () => host.close(true));
  }

  /** What the CLI printed on stdout so far. */
  get stdout(): string {
    return this.stdoutText;
  }

  /** What the CLI printed on stderr so far. */
  get stderr(): string {
    return this.stderrText;
  }

  /** SIGKILLs the CLI alone (not the plugins it started) and waits until it is gone. */
  async kill(): Promise<CliExit> {
    this.child.kill("SIGKILL");
    return this.exited;
  }

  /**
   * The processes of the CLI's session still running (zombies left out): the CLI, and the plugins it started, which
   * Pulumi puts in process groups of their own but which stay in the session the CLI leads (detached start).
   */
  sessionProcesses(): LiveProcess[] {
    return liveProcessesInSession(this.pid);
  }

  /**
   * SIGKILLs, by pid, every process of the CLI's session still running and waits (up to `timeoutMs`) until none is.
   *
   * @returns the processes that were still running before this call
   */
  async killLeftovers(timeoutMs = 10_000): Promise<LiveProcess[]> {
    const leftovers = this.sessionProcesses();
    for (const { pid } of leftovers) {
      try {
        process.kill(pid, "SIGKILL");
      } catch (error) {
        // ESRCH: it ended between the scan and the signal.
        if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
      }
    }
    const deadline = Date.now() + timeoutMs;
    while (this.sessionProcesses().length > 0) {
      if (Date.now() > deadline) {
        throw new Error(`processes of the CLI's session still run after SIGKILL: ${JSON.stringify(this.sessionProcesses())}`);
      }
      await sleep(50);
    }
    return leftovers;
  }

  /** Ends the CLI and anything left of its session, and stops hosting the program. */
  async dispose(): Promise<void> {
    try {
      if (this.child.exitCode === null && this.child.signalCode === null) {
        await this.kill();
      }
      await this.killLeftovers();
    } finally {
      this.stopProgramHost();
    }
  }
}

/** Live processes (not zombies) of session `sessionId`, read from /proc (Linux). */
function liveProcessesInSession(sessionId: number): LiveProcess[] {
  const found: LiveProcess[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // the process ended during the scan
    }
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ")".
    const nameEnd = stat.lastIndexOf(")");
    const [state, , , session] = stat.slice(nameEnd + 2).split(" ");
    if (Number(session) === sessionId && state !== "Z" && state !== "X") {
      found.push({ pid: Number(entry), name: stat.slice(stat.indexOf("(") + 1, nameEnd) });
    }
  }
  return found;
}
