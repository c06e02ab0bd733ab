import { ClientSecretCredential } from "@azure/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Emulator, RegisteredApp, startEmulator } from "../index";
import { expectNoneOf, rawRequest, requireRunCertificateAuthority } from "./support/rawHttps";
import { claimsOf, EntraErrorBody, requestToken } from "./support/tokenCalls";

describe("Entra ID: metadata and the client secret flow", () => {
  let emulator: Emulator;
  let app: RegisteredApp;

  beforeAll(async () => {
    requireRunCertificateAuthority();
    emulator = await startEmulator();
    app = emulator.registerApp({ roles: ["Synchronization.ReadWrite.All"] });
  });

  afterAll(async () => {
    await emulator.close();
  });

  const credential = (clientId: string, secret: string) =>
    new ClientSecretCredential(emulator.tenantId, clientId, secret, { authorityHost: emulator.authorityHost, disableInstanceDiscovery: true });

  it("serves the OpenID configuration with every endpoint on its own origin", async () => {
    const response = await rawRequest(`${emulator.origin}/${emulator.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const body = response.json as Record<string, string>;
    expect(body["issuer"]).toBe(`${emulator.origin}/${emulator.tenantId}/v2.0`);
    expect(body["token_endpoint"]).toBe(`${emulator.origin}/${emulator.tenantId}/oauth2/v2.0/token`);
    expect(body["authorization_endpoint"]).toBe(`${emulator.origin}/${emulator.tenantId}/oauth2/v2.0/authorize`);
    expect(body["jwks_uri"]).toBe(`${emulator.origin}/${emulator.tenantId}/discovery/v2.0/keys`);
  });

  it("publishes the key that signs its access tokens", async () => {
    const { token } = await credential(app.clientId, app.clientSecret ?? "").getToken(emulator.graphScope);
    const jwks = (await rawRequest(`${emulator.origin}/${emulator.tenantId}/discovery/v2.0/keys`)).json as { keys: Array<Record<string, string>> };
    const { createPublicKey, verify } = await import("node:crypto");
    const [header, claims, signature] = token.split(".") as [string, string, string];
    const kid = (JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { kid: string }).kid;
    const jwk = jwks.keys.find((key) => key["kid"] === kid);
    expect(jwk).toBeDefined();
    const key = createPublicKey({ key: { kty: "RSA", n: jwk?.["n"] ?? "", e: jwk?.["e"] ?? "" }, format: "jwk" });
    expect(verify("sha256", Buffer.from(`${header}.${claims}`), key, Buffer.from(signature, "base64url"))).toBe(true);
  });

  it("issues a signed access token through the real ClientSecretCredential", async () => {
    const before = emulator.counters().tokenRequests.clientSecret;
    const accessToken = await credential(app.clientId, app.clientSecret ?? "").getToken(emulator.graphScope);
    expect(accessToken.expiresOnTimestamp - Date.now()).toBeGreaterThan(300_000);
    const claims = claimsOf(accessToken.token);
    expect(claims).toMatchObject({
      aud: emulator.graphAudience,
      appid: app.clientId,
      tid: emulator.tenantId,
      roles: ["Synchronization.ReadWrite.All"],
      oid: app.servicePrincipalId,
    });
    expect((claims["exp"] as number) - (claims["iat"] as number)).toBe(3599);
    expect(emulator.counters().tokenRequests.clientSecret).toBe(before + 1);
  });

  it("answers expires_in 3599 and the Bearer token type", async () => {
    const response = await requestToken(emulator, {
      grant_type: "client_credentials", client_id: app.clientId, client_secret: app.clientSecret ?? "", scope: emulator.graphScope,
    });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599 });
  });

  it("refuses a wrong secret with AADSTS7000215 and never echoes the secret", async () => {
    const wrongSecret = "wrong-secret-value-7f3a9c";
    const failure = await credential(app.clientId, wrongSecret).getToken(emulator.graphScope).catch((error: unknown) => error);
    // @azure/identity 4.14.1 surfaces an STS refusal as AuthenticationRequiredError carrying MSAL's message.
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain("AADSTS7000215");
    expectNoneOf((failure as Error).message, [wrongSecret, app.clientSecret]);
    const raw = await requestToken(emulator, { grant_type: "client_credentials", client_id: app.clientId, client_secret: wrongSecret, scope: emulator.graphScope });
    expect(raw.status).toBe(401);
    expect((raw.json as EntraErrorBody).error).toBe("invalid_client");
    expectNoneOf(raw.text, [wrongSecret, app.clientSecret]);
  });

  it("answers errors in the Entra shape", async () => {
    const response = await requestToken(emulator, { grant_type: "client_credentials", client_id: app.clientId, client_secret: "x", scope: emulator.graphScope }, "11111111-1111-1111-1111-111111111111");
    expect(response.status).toBe(400);
    const body = response.json as EntraErrorBody;
    expect(body.error).toBe("invalid_request");
    expect(body.error_codes).toEqual([90002]);
    expect(body.error_description).toMatch(/^AADSTS90002: Tenant '11111111-1111-1111-1111-111111111111' not found\..* Trace ID: .* Correlation ID: .* Timestamp: /);
    expect(body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/);
  });

  it("refuses a token request to another tenant through the real credential", async () => {
    const elsewhere = new ClientSecretCredential("22222222-2222-2222-2222-222222222222", app.clientId, app.clientSecret ?? "", {
      authorityHost: emulator.authorityHost, disableInstanceDiscovery: true,
    });
    await expect(elsewhere.getToken(emulator.graphScope)).rejects.toThrow(/AADSTS90002|endpoints_resolution_error/);
  });

  it.each([
    ["an unknown client", { client_id: "33333333-3333-3333-3333-333333333333" }, 400, "unauthorized_client", 700016],
    ["a scope without /.default", { scope: "https://graph.microsoft.com/User.Read" }, 400, "invalid_scope", 1002012],
    ["an unknown resource", { scope: "https://vault.azure.net/.default" }, 400, "invalid_resource", 500011],
    ["another grant type", { grant_type: "password" }, 400, "unsupported_grant_type", 70003],
    ["no client credential", { client_secret: "" }, 401, "invalid_client", 7000218],
  ])("refuses %s", async (_name, override, status, error, code) => {
    const form: Record<string, string> = {
      grant_type: "client_credentials", client_id: app.clientId, client_secret: app.clientSecret ?? "", scope: emulator.graphScope, ...override,
    };
    if (form["client_secret"] === "") delete form["client_secret"];
    const response = await requestToken(emulator, form);
    expect(response.status).toBe(status);
    expect(response.json).toMatchObject({ error, error_codes: [code] });
  });

  it("echoes the client's correlation id as correlation_id", async () => {
    const response = await rawRequest(`${emulator.tokenEndpoint}?client-request-id=corr-entra-1`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: app.clientId, client_secret: "nope", scope: emulator.graphScope }).toString(),
    });
    expect((response.json as EntraErrorBody).correlation_id).toBe("corr-entra-1");
    expect(response.headers["client-request-id"]).toBe("corr-entra-1");
  });
});
