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

/** Options of {@link watchEngine}; the defaults suit the provider process. */
export interface EngineWatchOptions {
  /** The engine's address, as the CLI passes it to the provider (`127.0.0.1:<port>`). */ address?: string;
  /** How often to look. Default 1 s. */ intervalMs?: number;
  /** What to do once the engine is gone. Default: end the process. */ onEngineGone?: () => void;
}

/**
 * Ends the provider process once the Pulumi engine that started it is gone, and returns what stops watching. The CLI
 * starts the provider in a process group of its own, so a killed CLI (SIGKILL, OOM, a cancelled CI job) leaves it
 * running, and its retries would keep writing the interrupted run's values into Graph. The engine listens on loopback
 * while it lives: once a connection to it is refused twice in a row, nothing can record our work any more.
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
