import type { PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { createRequire } from "node:module";
import * as path from "node:path";

// The pieces the Automation API itself uses to host an inline program for the CLI (`--client`), loaded from the
// same @pulumi/pulumi install. Tests that start the CLI themselves (for `--json`, or to SIGKILL it) use them.
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

/** An inline program served to a CLI started by the test. */
export interface InlineProgramHost {
  /** The arguments that point the CLI at the program and the stack. */
  readonly cliArgs: readonly string[];
  /** The environment the Automation API gives its own commands for this stack's workspace. */
  readonly env: NodeJS.ProcessEnv;
  /** Stops serving the program. */
  close(hasError: boolean): void;
}

/** Serves `program` on a loopback port for a CLI operation on `stack`. */
export async function hostInlineProgram(stack: Stack, program: PulumiFn): Promise<InlineProgramHost> {
  const server = new grpc.Server();
  const languageServer = new LanguageServer(program);
  server.addService(languageService, languageServer);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  const workspace = stack.workspace;
  const command = workspace.pulumiCommand.command;
  return {
    cliArgs: ["--non-interactive", `--client=127.0.0.1:${port}`, "--exec-kind", "auto.inline", "--stack", stack.name],
    env: {
      ...process.env,
      ...(workspace.pulumiHome ? { PULUMI_HOME: workspace.pulumiHome } : {}),
      ...(workspace.envVars ?? {}),
      PATH: `${path.dirname(command)}${path.delimiter}${process.env["PATH"] ?? ""}`,
      PULUMI_AUTOMATION_API: "true",
    },
    close: (hasError) => {
      languageServer.onPulumiExit(hasError);
      server.forceShutdown();
    },
  };
}
