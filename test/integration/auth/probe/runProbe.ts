import { execFile } from "node:child_process";
import { resolve } from "node:path";

import type { ProbeResult } from "./tokenProbe";

const PROBE = resolve(__dirname, "tokenProbe.ts");
const REPOSITORY = resolve(__dirname, "../../../..");

/**
 * Managed-identity source detection and DefaultAzureCredential read the process environment (and msal-node caches
 * the managed-identity source per process), so these scenarios run in a fresh process whose environment holds only
 * what the test gives, plus the CA trust and a guard: AZURE_POD_IDENTITY_AUTHORITY_HOST sends any IMDS request
 * that a wrong detection might make to a closed loopback port instead of 169.254.169.254.
 */
export function runProbe(env: Readonly<Record<string, string>>, stackConfig: Readonly<Record<string, string>>): Promise<ProbeResult> {
  const childEnv: Record<string, string> = {
    PATH: process.env["PATH"] ?? "",
    AZURE_POD_IDENTITY_AUTHORITY_HOST: "http://127.0.0.1:9",
    ...(process.env["NODE_EXTRA_CA_CERTS"] === undefined ? {} : { NODE_EXTRA_CA_CERTS: process.env["NODE_EXTRA_CA_CERTS"] }),
    ...env,
    PROBE_STACK_CONFIG: JSON.stringify(stackConfig),
  };
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", PROBE],
      { cwd: REPOSITORY, env: childEnv, timeout: 60_000, encoding: "utf8" },
      (error, stdout, stderr) => {
        const line = stdout.trim().split("\n").pop() ?? "";
        if (error !== null || line === "") {
          reject(new Error(`the token probe failed to run: ${error?.message ?? "no output"}\n${stderr}`));
          return;
        }
        resolvePromise(JSON.parse(line) as ProbeResult);
      },
    );
  });
}
