import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AxiosTransport, type AttemptRequest } from "../../../provider/graph/transport";

// The transport is protocol-agnostic (the client insists on https); plain HTTP on loopback keeps these tests small.
type Handler = (request: IncomingMessage, response: ServerResponse) => void;

interface LoopbackServer {
  origin: string;
  hits: string[];
  server: Server;
}

async function listen(handler: Handler): Promise<LoopbackServer> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(`${request.method ?? ""} ${request.url ?? ""}`);
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, hits, server };
}

async function stop(loopback: LoopbackServer): Promise<void> {
  loopback.server.closeAllConnections();
  await new Promise((resolve) => loopback.server.close(resolve));
}

const routes: Record<string, Handler> = {
  "/ok": (request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      response.writeHead(418, { "Content-Type": "application/json", "X-Echo-Auth": request.headers.authorization ?? "" });
      response.end(JSON.stringify({ received: body, contentType: request.headers["content-type"] }));
    });
  },
  "/redirect": (_request, response) => {
    response.writeHead(302, { Location: "/elsewhere" });
    response.end();
  },
  "/elsewhere": (_request, response) => response.end("followed"),
  "/hang": () => undefined,
  "/trickle": (_request, response) => {
    response.writeHead(200, { "Content-Type": "text/plain" });
    const timer = setInterval(() => response.write("."), 100);
    response.on("close", () => clearInterval(timer));
  },
  "/reset": (request) => request.socket.destroy(),
  "/large": (_request, response) => response.end("x".repeat(5_000)),
};

let graph: LoopbackServer;
let elsewhere: LoopbackServer;
let transport: AxiosTransport;

beforeAll(async () => {
  graph = await listen((request, response) => {
    const route = routes[new URL(request.url ?? "/", "http://x").pathname];
    if (route === undefined) {
      response.writeHead(404).end();
    } else {
      route(request, response);
    }
  });
  elsewhere = await listen((_request, response) => response.end("wrong server"));
  transport = new AxiosTransport({ origin: graph.origin, maxResponseBytes: 1_000, maxRequestBytes: 10_000 });
});

afterAll(async () => {
  await stop(graph);
  await stop(elsewhere);
});

function request(target: string, extra: Partial<AttemptRequest> = {}): AttemptRequest {
  return { method: "GET", target, headers: { Authorization: "Bearer t0k3n" }, timeoutMs: 2_000, ...extra };
}

describe("AxiosTransport", () => {
  it("returns any status as a response with the raw body and lower-case headers", async () => {
    const result = await transport.send(
      request("/ok", { method: "PUT", body: '{"value":[]}', headers: { Authorization: "Bearer t0k3n", "Content-Type": "application/json" } }),
    );
    expect(result.type).toBe("response");
    if (result.type !== "response") return;
    expect(result.status).toBe(418);
    expect(result.headers["x-echo-auth"]).toBe("Bearer t0k3n");
    expect(typeof result.body).toBe("string");
    expect(JSON.parse(result.body)).toEqual({ received: '{"value":[]}', contentType: "application/json" });
    expect(result.durationMs).toBeGreaterThan(0);
  });

  it("does not follow a redirect", async () => {
    const result = await transport.send(request("/redirect"));
    expect(result.type === "response" && result.status).toBe(302);
    expect(graph.hits).not.toContain("GET /elsewhere");
  });

  it("sends an absolute URL to its own origin, never to the URL's host", async () => {
    const result = await transport.send(request(`${elsewhere.origin}/steal`));
    expect(result.type === "response" && result.status).toBe(404);
    expect(elsewhere.hits).toEqual([]);
  });

  it("ends an attempt that gets no answer at its timeout", async () => {
    const started = Date.now();
    const result = await transport.send(request("/hang", { timeoutMs: 400 }));
    expect(result).toMatchObject({ type: "failure", failure: "timeout" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("ends an attempt at its timeout even while the server keeps trickling bytes", async () => {
    const started = Date.now();
    const result = await transport.send(request("/trickle", { timeoutMs: 500 }));
    expect(result).toMatchObject({ type: "failure", failure: "timeout" });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("reports a reset connection by its code only", async () => {
    const result = await transport.send(request("/reset"));
    expect(result).toMatchObject({ type: "failure", failure: "network", code: "ECONNRESET" });
    expect(Object.keys(result).sort()).toEqual(["code", "durationMs", "failure", "type"]);
  });

  it("reports a refused connection", async () => {
    const closed = await listen(() => undefined);
    await stop(closed);
    const refused = new AxiosTransport({ origin: closed.origin, maxResponseBytes: 1_000, maxRequestBytes: 1_000 });
    const result = await refused.send(request("/ok"));
    expect(result).toMatchObject({ type: "failure", failure: "network", code: "ECONNREFUSED" });
  });

  it("refuses a response larger than the limit", async () => {
    const result = await transport.send(request("/large"));
    expect(result).toMatchObject({ type: "failure", failure: "tooLarge" });
  });
});
