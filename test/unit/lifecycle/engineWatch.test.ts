import { EventEmitter } from "node:events";
import * as net from "node:net";
import { describe, expect, it } from "vitest";
import { isDynamicProviderEntryPoint, loopbackEngineAddress, watchEngine } from "../../../provider/lifecycle/engineWatch";

// The script pulumi-resource-pulumi-nodejs runs, as a provider process sees it in process.argv[1].
const ENTRY_POINT = "/work/project/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js";

function listen(): Promise<net.Server> {
  return new Promise((resolve) => {
    const server = net.createServer((socket) => socket.destroy());
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("watching the engine from the provider process", () => {
  it("does nothing while the engine listens, and reports it gone once connections are refused", async () => {
    const server = await listen();
    const { port } = server.address() as net.AddressInfo;
    let gone = 0;
    const stop = watchEngine({ address: `127.0.0.1:${port}`, entryPoint: ENTRY_POINT, intervalMs: 20, onEngineGone: () => gone++ });
    await wait(150);
    expect(gone).toBe(0);
    await new Promise((resolve) => server.close(resolve));
    await wait(300);
    expect(gone).toBe(1);
    stop();
  });

  it("probes only loopback addresses", () => {
    expect(loopbackEngineAddress("127.0.0.1:33705")).toEqual({ host: "127.0.0.1", port: 33705 });
    expect(loopbackEngineAddress("[::1]:4000")).toEqual({ host: "::1", port: 4000 });
    expect(loopbackEngineAddress("localhost:4000")).toEqual({ host: "localhost", port: 4000 });
    for (const other of ["10.0.0.1:1", "169.254.169.254:80", "example.com:443", "127.0.0.1:0", "127.0.0.1:70000", "run", ""]) {
      expect(loopbackEngineAddress(other)).toBeUndefined();
    }
  });

  it("arms only under Pulumi's dynamic-provider entry point, never in another process that loads the runtime", async () => {
    let probes = 0;
    const connect = () => {
      probes += 1;
      return new EventEmitter() as net.Socket;
    };
    for (const entryPoint of ["/usr/lib/node_modules/vitest/vitest.mjs", "/work/project/index.ts", ""]) {
      const stop = watchEngine({ address: "127.0.0.1:4000", entryPoint, intervalMs: 5, connect, onEngineGone: () => undefined });
      await wait(40);
      stop();
    }
    expect(probes).toBe(0);
    expect(isDynamicProviderEntryPoint(ENTRY_POINT)).toBe(true);
    expect(isDynamicProviderEntryPoint("C:\\p\\node_modules\\@pulumi\\pulumi\\cmd\\dynamic-provider\\index.js")).toBe(true);
  });

  it("gives each probe a socket timeout, so a probe that never settles does not stop the watch", async () => {
    const timeouts: unknown[] = [];
    const sockets: Array<EventEmitter & { destroy(): void }> = [];
    const connect = (options: net.NetConnectOpts) => {
      timeouts.push((options as net.TcpNetConnectOpts).timeout);
      const socket = Object.assign(new EventEmitter(), { destroy: () => undefined });
      sockets.push(socket);
      return socket as unknown as net.Socket;
    };
    let gone = 0;
    const stop = watchEngine({
      address: "127.0.0.1:4000", entryPoint: ENTRY_POINT, intervalMs: 5, probeTimeoutMs: 250, connect, onEngineGone: () => gone++,
    });
    await wait(40);
    // The first probe hangs: no second one while it is pending.
    expect(sockets).toHaveLength(1);
    sockets[0]?.emit("timeout");
    await wait(40);
    expect(sockets.length).toBeGreaterThan(1);
    expect(timeouts.every((timeout) => timeout === 250)).toBe(true);
    // Two refusals after the stalled probe still end the provider: the timeout counted for nothing either way.
    const refuse = () => sockets.at(-1)?.emit("error", Object.assign(new Error("refused"), { code: "ECONNREFUSED" }));
    refuse();
    await wait(20);
    refuse();
    await wait(20);
    expect(gone).toBe(1);
    stop();
  });
});
