import * as net from "node:net";
import { describe, expect, it } from "vitest";
import { loopbackEngineAddress, watchEngine } from "../../../provider/lifecycle/engineWatch";

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
    const stop = watchEngine({ address: `127.0.0.1:${port}`, intervalMs: 20, onEngineGone: () => gone++ });
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
});
