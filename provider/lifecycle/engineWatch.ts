import * as net from "node:net";

/** How the engine's address looks on the provider's command line; only loopback addresses are ever probed. */
const LOOPBACK_ADDRESS = /^(127\.0\.0\.1|localhost|\[::1\]):(\d{1,5})$/;

/** The script Pulumi's `pulumi-resource-pulumi-nodejs` runs: the one process whose `argv[2]` is the engine's address. */
const DYNAMIC_PROVIDER_ENTRY = /[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]dynamic-provider[\\/]index\.js$/;

/** The host and port of an engine address on loopback, or `undefined` for anything else (which is never probed). */
export function loopbackEngineAddress(address: string): { host: string; port: number } | undefined {
  const match = LOOPBACK_ADDRESS.exec(address);
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port < 1 || port > 65_535) return undefined;
  return { host: match[1] === "[::1]" ? "::1" : (match[1] as string), port };
}

/** Whether a script path is Pulumi's dynamic-provider entry point. */
export const isDynamicProviderEntryPoint = (script: string): boolean => DYNAMIC_PROVIDER_ENTRY.test(script);

/** What the watch looks at and does; tests replace each. */
export type EngineWatchOptions = {
  /** Where the engine listens, as the CLI passes it (`127.0.0.1:<port>`). */ address?: string;
  /** The script the process runs; watching starts only under the dynamic-provider entry point. */ entryPoint?: string;
  /** How often to look (1 s). */ intervalMs?: number;
  /** How long one probe may take (5 s). */ probeTimeoutMs?: number;
  /** What then (exit). */ onEngineGone?: () => void;
  /** How to connect. */ connect?: (options: net.NetConnectOpts) => net.Socket;
};

/**
 * Ends the provider once its engine is gone (twice refused on loopback), and returns what stops watching: a killed CLI
 * leaves the provider running in its own process group, and its retries would keep writing an interrupted run. In any
 * other process (a test runner, a program that loaded the runtime) `argv[2]` is not the engine's, so nothing is armed.
 */
export function watchEngine(options: EngineWatchOptions = {}): () => void {
  const target = loopbackEngineAddress(options.address ?? process.argv[2] ?? "");
  if (!target || !isDynamicProviderEntryPoint(options.entryPoint ?? process.argv[1] ?? "")) return () => undefined;
  const { host, port } = target;
  const onEngineGone = options.onEngineGone ?? (() => process.exit(1));
  const connect = options.connect ?? net.connect;
  let refusals = 0;
  let probing = false;
  const timer = setInterval(() => {
    if (probing) return;
    probing = true;
    // A probe that neither connects nor is refused in time (a stalled loopback) says nothing: the next one decides.
    const socket = connect({ host, port, timeout: options.probeTimeoutMs ?? 5_000 });
    const settle = (refused: boolean | undefined) => {
      socket.destroy();
      probing = false;
      if (refused === undefined) return;
      refusals = refused ? refusals + 1 : 0;
      if (refusals >= 2) {
        clearInterval(timer);
        onEngineGone();
      }
    };
    socket.once("connect", () => settle(false));
    socket.once("timeout", () => settle(undefined));
    socket.once("error", (error: NodeJS.ErrnoException) => settle(error.code === "ECONNREFUSED"));
  }, options.intervalMs ?? 1_000);
  // Never the reason the process stays alive.
  timer.unref();
  return () => clearInterval(timer);
}
