import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { hostInlineProgram } from "./inlineProgramHost";

const execFileAsync = promisify(execFile);

/**
 * Runs `pulumi preview --json` for an inline program (the Automation API has no `--json` option) and returns the
 * CLI's JSON output as printed, so a test can scan the exact text for leaked values, and parsed.
 */
export async function previewJson(stack: Stack, program: PulumiFn): Promise<{ text: string; json: unknown }> {
  const host = await hostInlineProgram(stack, program);
  try {
    const { stdout } = await execFileAsync(stack.workspace.pulumiCommand.command, ["preview", "--json", ...host.cliArgs], {
      cwd: stack.workspace.workDir,
      env: host.env,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { text: stdout, json: JSON.parse(stdout) as unknown };
  } finally {
    host.close(false);
  }
}
