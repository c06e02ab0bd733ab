import type { PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import { promisify } from "node:util";
import { pulumiBinDir } from "./toolchain";

const execFileAsync = promisify(execFile);

// The Automation API has no `--json` option for preview; the CLI has. These are the pieces the Automation API
// itself uses to host an inline program for the CLI (`--client`), loaded from the same @pulumi/pulumi install.
const sdkRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));

interface GrpcServer {
  addService(service: unknown, implementation: unknown): void;
  bindAsync(address: string, credentials: unknown, callback: (error: Error | null, port: number) => void): void;
  forceShutdown(): void;
}
const grpc = sdkRequire("@grpc/grpc-js") as {
  Server: new () => GrpcServer;
  ServerCredentials: { createInsecure(): unknown };
};
const { LanguageServer } = sdkRequire("./automation/server") as {
  LanguageServer: new (program: PulumiFn) => { onPulumiExit(hasError: boolean): void };
};
const languageService = (sdkRequire("./proto/language_grpc_pb") as { LanguageRuntimeService: unknown }).LanguageRuntimeService;

/**
 * Runs `pulumi preview --json` for an inline program and returns the CLI's JSON output, unparsed, as the CLI
 * printed it (so a test can scan the exact text for leaked values) and parsed.
 */
export async function previewJson(stack: Stack, program: PulumiFn): Promise<{ text: string; json: unknown }> {
  const server = new grpc.Server();
  const languageServer = new LanguageServer(program);
  server.addService(languageService, languageServer);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  const workspace = stack.workspace;
  try {
    const args = ["preview", "--json", "--non-interactive", `--client=127.0.0.1:${port}`, "--exec-kind", "auto.inline", "--stack", stack.name];
    const { stdout } = await execFileAsync(path.join(pulumiBinDir(), "pulumi"), args, {
      cwd: workspace.workDir,
      env: { ...process.env, ...(workspace.envVars ?? {}), ...(workspace.pulumiHome ? { PULUMI_HOME: workspace.pulumiHome } : {}) },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { text: stdout, json: JSON.parse(stdout) as unknown };
  } finally {
    languageServer.onPulumiExit(false);
    server.forceShutdown();
  }
}
