import * as net from "node:net";

/** How the engine's address looks on the provider's command line; only loopback addresses are ever probed. */
const LOOPBACK_ADDRESS = /^(127\.0\.0\.1|localhost|\[::1\]):(\d{1,5})$/;

/** The host and port of an engine address on loopback, or `undefined` for anything else (which is never probed). */
export function loopbackEngineAddress(address: string): { host: string; port: number } | undefined {
  const match = LOOPBACK_ADDRESS.exec(address);
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port < 1 || port > 65_535) return undefined;
  return { host: match[1] === "[::1]" ? "::1" : (match[1] as string), port };
}

/** Where the engine listens (as the CLI passes it, `127.0.0.1:<port>`), how often to look (1 s), and what then (exit). */
export type EngineWatchOptions = { address?: string; intervalMs?: number; onEngineGone?: () => void };

/**
 * Ends the provider once its engine is gone (twice refused on loopback), and returns what stops watching: a killed CLI
 * leaves the provider running in its own process group, and its retries would keep writing an interrupted run.
 */
export function watchEngine(options: EngineWatchOptions = {}): () => void {
  const target = loopbackEngineAddress(options.address ?? process.argv[2] ?? "");
  if (!target) return () => undefined;
  const { host, port } = target;
  const onEngineGone = options.onEngineGone ?? (() => process.exit(1));
  let refusals = 0;
  let probing = false;
  const timer = setInterval(() => {
    if (probing) return;
    probing = true;
    const socket = net.connect({ host, port });
    const settle = (refused: boolean) => {
      socket.destroy();
      probing = false;
      refusals = refused ? refusals + 1 : 0;
      if (refusals >= 2) {
        clearInterval(timer);
        onEngineGone();
      }
    };
    socket.once("connect", () => settle(false));
    socket.once("error", (error: NodeJS.ErrnoException) => settle(error.code === "ECONNREFUSED"));
  }, options.intervalMs ?? 1_000);
  // Never the reason the process stays alive.
  timer.unref();
  return () => clearInterval(timer);
}
