import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterEach, describe, expect, it } from "vitest";

import { OidcTokenRequestError } from "../../../provider/auth/errors";
import { requestOidcToken, type OidcTokenRequest } from "../../../provider/auth/oidcTokenRequester";
import { everythingShown, rejectionOf } from "./authHarness";

const REQUEST_TOKEN = "runner-request-token-value";

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage["headers"];
}

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A loopback endpoint that records requests and answers with `answer`. */
async function endpoint(answer: (seen: Seen) => { status: number; headers?: Record<string, string>; body?: string }) {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    const entry = { method: request.method ?? "", url: request.url ?? "", headers: request.headers };
    seen.push(entry);
    const { status, headers, body } = answer(entry);
    response.writeHead(status, { "content-type": "application/json", ...headers });
    response.end(body ?? "");
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, seen };
}

/** Requests made with the same options, as the credential makes one per token exchange. */
function requesterFor(request: OidcTokenRequest): { requestToken: () => Promise<string> } {
  return { requestToken: () => requestOidcToken(request) };
}

describe("requestOidcToken", () => {
  it("appends the audience to GitHub's query string and sends the request token as a bearer", async () => {
    const github = await endpoint(() => ({ status: 200, body: JSON.stringify({ value: "id-token-1" }) }));
    const requester = requesterFor({
      style: "githubActions",
      requestUrl: `${github.origin}/idtoken?api-version=2.0&x=a%20b`,
      requestToken: REQUEST_TOKEN,
      audience: "api://AzureADTokenExchangeChina",
      urlSource: "ACTIONS_ID_TOKEN_REQUEST_URL",
    });

    expect(await requester.requestToken()).toBe("id-token-1");
    expect(await requester.requestToken()).toBe("id-token-1");

    expect(github.seen).toHaveLength(2);
    expect(github.seen[0]).toMatchObject({
      method: "GET",
      url: "/idtoken?api-version=2.0&x=a%20b&audience=api%3A%2F%2FAzureADTokenExchangeChina",
      headers: { authorization: `Bearer ${REQUEST_TOKEN}` },
    });
  });

  it("posts to Azure Pipelines with the service connection and reads oidcToken", async () => {
    const pipelines = await endpoint(() => ({ status: 200, body: JSON.stringify({ oidcToken: "ado-token" }) }));
    const requester = requesterFor({
      style: "azurePipelines",
      requestUrl: `${pipelines.origin}/oidctoken`,
      requestToken: REQUEST_TOKEN,
      serviceConnectionId: "connection id",
      urlSource: "SYSTEM_OIDCREQUESTURI",
    });

    expect(await requester.requestToken()).toBe("ado-token");
    expect(pipelines.seen[0]).toMatchObject({
      method: "POST",
      url: "/oidctoken?api-version=7.1&serviceConnectionId=connection%20id",
      headers: { authorization: `Bearer ${REQUEST_TOKEN}`, "x-tfs-fedauthredirect": "Suppress" },
    });
  });

  it("refuses to follow a redirect, so the request token never reaches another endpoint", async () => {
    const elsewhere = await endpoint(() => ({ status: 200, body: JSON.stringify({ value: "stolen" }) }));
    const redirecting = await endpoint(() => ({ status: 307, headers: { location: `${elsewhere.origin}/capture` } }));
    const requester = requesterFor({
      style: "githubActions",
      requestUrl: `${redirecting.origin}/idtoken?api-version=2.0`,
      requestToken: REQUEST_TOKEN,
      audience: "api://AzureADTokenExchange",
      urlSource: "graphsync:oidcRequestUrl",
    });

    const failure = await rejectionOf(requester.requestToken());

    expect(failure).toBeInstanceOf(OidcTokenRequestError);
    expect(failure.message).toBe(`Could not reach the OIDC token endpoint ${redirecting.origin}/idtoken (from graphsync:oidcRequestUrl).`);
    expect(elsewhere.seen).toEqual([]);
    expect(everythingShown(failure)).not.toContain(REQUEST_TOKEN);
  });

  it("reports an answer without a token, without echoing the body", async () => {
    const github = await endpoint(() => ({ status: 200, body: JSON.stringify({ message: `echo ${REQUEST_TOKEN}` }) }));
    const requester = requesterFor({
      style: "githubActions",
      requestUrl: `${github.origin}/idtoken?api-version=2.0`,
      requestToken: REQUEST_TOKEN,
      audience: "api://AzureADTokenExchange",
      urlSource: "ARM_OIDC_REQUEST_URL",
    });

    const failure = await rejectionOf(requester.requestToken());

    expect(failure.message).toBe(
      `The OIDC token endpoint ${github.origin}/idtoken (from ARM_OIDC_REQUEST_URL) answered without a token in "value".`,
    );
    expect(everythingShown(failure)).not.toContain(REQUEST_TOKEN);
  });

  it("reads no more than 64 KiB of an answer, whether its length is declared or streamed", async () => {
    const huge = JSON.stringify({ value: "id-token-in-a-huge-answer", padding: "x".repeat(1024 * 1024) });
    const declared = await endpoint(() => ({ status: 200, body: huge }));
    const streamed = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      for (let offset = 0; offset < huge.length; offset += 16 * 1024) response.write(huge.slice(offset, offset + 16 * 1024));
      response.end();
    });
    servers.push(streamed);
    await new Promise<void>((resolve) => streamed.listen(0, "127.0.0.1", resolve));
    const streamedOrigin = `http://127.0.0.1:${(streamed.address() as AddressInfo).port}`;

    for (const origin of [declared.origin, streamedOrigin]) {
      const failure = await rejectionOf(
        requestOidcToken({
          style: "githubActions",
          requestUrl: `${origin}/idtoken?api-version=2.0`,
          requestToken: REQUEST_TOKEN,
          audience: "api://AzureADTokenExchange",
          urlSource: "ACTIONS_ID_TOKEN_REQUEST_URL",
        }),
      );
      expect(failure).toBeInstanceOf(OidcTokenRequestError);
      expect(failure.message).toBe(
        `The OIDC token endpoint ${origin}/idtoken (from ACTIONS_ID_TOKEN_REQUEST_URL) answered with more than 65536 bytes; ` +
          "no token is read from it.",
      );
    }
    // An answer within the limit is read as before.
    const small = await endpoint(() => ({ status: 200, body: JSON.stringify({ value: "id-token-2", padding: "x".repeat(60_000) }) }));
    const token = await requestOidcToken({
      style: "githubActions",
      requestUrl: `${small.origin}/idtoken?api-version=2.0`,
      requestToken: REQUEST_TOKEN,
      audience: "api://AzureADTokenExchange",
      urlSource: "ACTIONS_ID_TOKEN_REQUEST_URL",
    });
    expect(token).toBe("id-token-2");
  });

  it("gives up after its timeout when the endpoint never answers", async () => {
    const hanging = createServer(() => undefined);
    servers.push(hanging);
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    hanging.on("close", () => hanging.closeAllConnections());
    const requester = requesterFor({
      style: "githubActions",
      requestUrl: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/idtoken?api-version=2.0`,
      requestToken: REQUEST_TOKEN,
      audience: "api://AzureADTokenExchange",
      urlSource: "ACTIONS_ID_TOKEN_REQUEST_URL",
      timeoutMs: 200,
    });

    const started = Date.now();
    const failure = await rejectionOf(requester.requestToken());

    expect(failure).toBeInstanceOf(OidcTokenRequestError);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((failure.cause as Error).name).toMatch(/TimeoutError|AbortError/);
    hanging.closeAllConnections();
  });
});
