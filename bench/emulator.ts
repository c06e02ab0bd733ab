/**
 * Benchmark (not a test): how many authenticated Graph requests per second the emulator serves on loopback, so
 * we know it is never the bottleneck of our own benchmarks. Target: at least 2,000 requests per second.
 *
 *   npx tsx bench/emulator.ts [--seconds 5] [--concurrency 16]
 *
 * The emulator runs in a forked child process, so the load generator does not share its event loop. Several
 * keep-alive clients alternate PUT and GET on one service principal with a real bearer token for a bounded time.
 * Prints one JSON line.
 */
import { ChildProcess, fork } from "node:child_process";
import { Agent, request } from "node:https";
import { parseArgs } from "node:util";
import { startEmulator } from "../test/emulator";

/** What the serving child reports once it listens. */
interface ServingEmulator {
  readonly origin: string;
  readonly caPem: string;
  readonly accessToken: string;
  readonly servicePrincipalId: string;
  readonly startupMs: number;
}

/** CPU time the serving child spent during the load (user + system). */
interface ServerCpu {
  readonly cpuMs: number;
}

const TARGET_REQUESTS_PER_SECOND = 2_000;

/** Child side: start the emulator, get a token the way a client does, report, and serve until told to stop. */
async function serve(): Promise<void> {
  const started = performance.now();
  const emulator = await startEmulator();
  const startupMs = performance.now() - started;
  const app = emulator.registerApp({ roles: ["Synchronization.ReadWrite.All"] });
  const servicePrincipalId = emulator.createServicePrincipal();
  const token = await send(new Agent({ ca: emulator.caPem }), emulator.tokenEndpoint, "POST", {
    "content-type": "application/x-www-form-urlencoded",
  }, new URLSearchParams({
    grant_type: "client_credentials",
    client_id: app.clientId,
    client_secret: app.clientSecret ?? "",
    scope: emulator.graphScope,
  }).toString());
  if (token.status !== 200) throw new Error(`The token request failed with ${token.status}.`);
  const accessToken = (JSON.parse(token.body) as { access_token: string }).access_token;
  const { origin, caPem } = emulator;
  const ready: ServingEmulator = { origin, caPem, accessToken, servicePrincipalId, startupMs };
  process.once("message", () => {
    const cpu = process.cpuUsage(cpuAtReady);
    process.send?.({ cpuMs: (cpu.user + cpu.system) / 1000 } satisfies ServerCpu, () => {
      void emulator.close().then(() => process.exit(0));
    });
  });
  const cpuAtReady = process.cpuUsage();
  process.send?.(ready);
}

function send(
  agent: Agent,
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method, agent, headers }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

/** Parent side: drive the load, then print the result. */
async function measure(seconds: number, concurrency: number): Promise<void> {
  const child: ChildProcess = fork(__filename, ["--serve"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const emulator = await new Promise<ServingEmulator>((resolve, reject) => {
    child.once("message", (message) => resolve(message as ServingEmulator));
    child.once("exit", (code) => reject(new Error(`The emulator process exited with ${code} before it listened.`)));
  });
  const agent = new Agent({ ca: emulator.caPem, keepAlive: true, maxSockets: concurrency });
  const url = `${emulator.origin}/v1.0/servicePrincipals/${emulator.servicePrincipalId}/synchronization/secrets`;
  const authorization = `Bearer ${emulator.accessToken}`;
  const deadline = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  const statuses = new Map<string, number>();
  let errors = 0;

  async function client(index: number): Promise<void> {
    for (let n = 0; performance.now() < deadline; n += 1) {
      const put = (n + index) % 2 === 0;
      const started = performance.now();
      try {
        const body = JSON.stringify({
          value: [{ key: "BaseAddress", value: `https://scim.example/${index}/${n}` }, { key: "SecretToken", value: "bench" }],
        });
        const response = put
          ? await send(agent, url, "PUT", { authorization, "content-type": "application/json" }, body)
          : await send(agent, url, "GET", { authorization });
        const key = `${put ? "PUT" : "GET"} ${response.status}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (response.status >= 400) errors += 1;
      } catch {
        errors += 1;
      }
      latencies.push(performance.now() - started);
    }
  }

  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, index) => client(index)));
  const elapsedSeconds = (performance.now() - started) / 1000;
  agent.destroy();
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const serverCpu = new Promise<ServerCpu>((resolve) => {
    child.once("message", (message) => resolve(message as ServerCpu));
  });
  child.send("stop");
  const { cpuMs } = await serverCpu;
  await exited;

  latencies.sort((a, b) => a - b);
  const requestsPerSecond = latencies.length / elapsedSeconds;
  const result = {
    benchmark: "emulator",
    seconds: Number(elapsedSeconds.toFixed(2)),
    concurrency,
    requests: latencies.length,
    requestsPerSecond: Math.round(requestsPerSecond),
    errors,
    statuses: Object.fromEntries(statuses),
    p50Ms: Number(percentile(latencies, 0.5).toFixed(2)),
    p99Ms: Number(percentile(latencies, 0.99).toFixed(2)),
    startupMs: Math.round(emulator.startupMs),
    // Load-independent capacity: what one core of the emulator could serve, from its CPU time per request.
    serverCpuMsPerRequest: Number((cpuMs / latencies.length).toFixed(3)),
    serverCapacityPerCore: Math.round((latencies.length / cpuMs) * 1000),
    targetRequestsPerSecond: TARGET_REQUESTS_PER_SECOND,
    meetsTarget: requestsPerSecond >= TARGET_REQUESTS_PER_SECOND && errors === 0,
  };
  // A benchmark reports; it does not fail a build on a busy machine. Errors, though, mean the run is invalid.
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (errors > 0) process.exitCode = 1;
}

const { values } = parseArgs({
  options: { serve: { type: "boolean" }, seconds: { type: "string" }, concurrency: { type: "string" } },
});
const run = values.serve === true ? serve() : measure(Number(values.seconds ?? 5), Number(values.concurrency ?? 16));
run.catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
