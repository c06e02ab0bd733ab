/**
 * The standalone emulator (`npm run emulator`): starts it, registers a demo app and a demo service principal,
 * prints what to set to point the provider at it, and runs until SIGINT or SIGTERM.
 *
 * Options: `--port <n>` (default 0: a free port), `--cloud <public|usgovernment|usgovernmentdod|china>`,
 * `--reading <name>` (repeatable: a reading of Graph from EMULATOR_READINGS, e.g. `--reading put-replace`).
 */
import { parseArgs } from "node:util";
import { CloudName } from "./clouds";
import { startEmulator } from "./emulator";
import { findReading } from "./readings";

const CLOUDS: readonly CloudName[] = ["public", "usgovernment", "usgovernmentdod", "china"];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: "string" }, cloud: { type: "string" }, reading: { type: "string", multiple: true } },
  });
  const cloud = values.cloud as CloudName | undefined;
  if (cloud !== undefined && !CLOUDS.includes(cloud)) throw new Error(`--cloud must be one of ${CLOUDS.join(", ")}.`);
  const readings = (values.reading ?? []).map((name) => findReading(name).options);
  const emulator = await startEmulator({
    ...Object.assign({}, ...readings),
    port: values.port === undefined ? 0 : Number(values.port),
    cloud,
  });
  const app = emulator.registerApp({ roles: ["Synchronization.ReadWrite.All"] });
  const servicePrincipalId = emulator.createServicePrincipal({ owners: [app.clientId] });
  // The demo client secret is the emulator's own made-up credential for a throwaway tenant: printing it is the point.
  const lines = [
    `Microsoft Graph + Entra ID emulator listening on ${emulator.origin}`,
    `(tenant ${emulator.tenantId}, cloud ${cloud ?? "custom"}, readings: ${(values.reading ?? []).join(", ") || "defaults"})`,
    "",
    "# Environment (the provider process must trust the emulator's CA):",
    `export NODE_EXTRA_CA_CERTS=${emulator.caFile}`,
    "",
    "# Stack configuration:",
    `pulumi config set graphsync:cloud ${cloud ?? "custom"}`,
    `pulumi config set graphsync:graphEndpoint ${emulator.graphEndpoint}`,
    `pulumi config set graphsync:authorityHost ${emulator.authorityHost}`,
    // A named cloud's tokens go to loopback only through the opt-in (every run warns, naming the host).
    ...(cloud === undefined ? [] : ["pulumi config set graphsync:allowNonCloudEndpoints true"]),
    `pulumi config set graphsync:tenantId ${emulator.tenantId}`,
    `pulumi config set graphsync:clientId ${app.clientId}`,
    `pulumi config set graphsync:clientSecret --secret '${app.clientSecret ?? ""}'`,
    "",
    `# Demo service principal (owned by the demo app): ${servicePrincipalId}`,
    `# Control surface: ${emulator.origin}/_emulator/info (see test/emulator/README.md)`,
    "# Press Ctrl+C to stop.",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
