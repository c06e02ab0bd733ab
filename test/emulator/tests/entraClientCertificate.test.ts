import { createHash, createPrivateKey, randomUUID } from "node:crypto";
import { ClientCertificateCredential } from "@azure/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signJwt } from "../jwt/jsonWebToken";
import { ClientCertificate, createClientCertificate, Emulator, RegisteredApp, startEmulator } from "../index";
import { expectNoneOf, requireRunCertificateAuthority } from "./support/rawHttps";
import { claimsOf, EntraErrorBody, requestToken } from "./support/tokenCalls";

describe("Entra ID: the certificate assertion flow", () => {
  let emulator: Emulator;
  let certificate: ClientCertificate;
  let stranger: ClientCertificate;
  let app: RegisteredApp;

  beforeAll(async () => {
    requireRunCertificateAuthority();
    [emulator, certificate, stranger] = await Promise.all([startEmulator(), createClientCertificate(), createClientCertificate()]);
    app = emulator.registerApp({ certificatePem: certificate.certificatePem, roles: ["Synchronization.ReadWrite.All"] });
  });

  afterAll(async () => {
    await emulator.close();
  });

  /** A hand-made assertion, for the algorithms and claims ClientCertificateCredential does not produce. */
  function assertion(
    signer: ClientCertificate,
    options: { alg?: "RS256" | "PS256"; thumbprint?: "x5t" | "x5t#S256"; aud?: string; exp?: number; iss?: string } = {},
  ): string {
    const der = Buffer.from(signer.certificatePem.replace(/-----[^-]+-----|\s/g, ""), "base64");
    const thumbprint = options.thumbprint ?? "x5t#S256";
    const now = Math.floor(Date.now() / 1000);
    return signJwt(
      { alg: options.alg ?? "PS256", typ: "JWT", [thumbprint]: createHash(thumbprint === "x5t" ? "sha1" : "sha256").update(der).digest("base64url") },
      { aud: options.aud ?? emulator.tokenEndpoint, iss: options.iss ?? app.clientId, sub: options.iss ?? app.clientId, jti: randomUUID(), nbf: now, exp: options.exp ?? now + 600 },
      createPrivateKey(signer.privateKeyPem),
    );
  }

  const form = (clientAssertion: string) => ({
    grant_type: "client_credentials",
    client_id: app.clientId,
    scope: emulator.graphScope,
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: clientAssertion,
  });

  it("issues a token to the real ClientCertificateCredential (PS256, x5t#S256)", async () => {
    const before = emulator.counters().tokenRequests.clientCertificate;
    const credential = new ClientCertificateCredential(emulator.tenantId, app.clientId, { certificate: certificate.pem }, {
      authorityHost: emulator.authorityHost, disableInstanceDiscovery: true,
    });
    const { token } = await credential.getToken(emulator.graphScope);
    expect(claimsOf(token)).toMatchObject({ appid: app.clientId, appidacr: "2", roles: ["Synchronization.ReadWrite.All"] });
    expect(emulator.counters().tokenRequests.clientCertificate).toBe(before + 1);
  });

  it("refuses the real credential with a certificate the app does not have (AADSTS700027)", async () => {
    const credential = new ClientCertificateCredential(emulator.tenantId, app.clientId, { certificate: stranger.pem }, {
      authorityHost: emulator.authorityHost, disableInstanceDiscovery: true,
    });
    const failure: unknown = await credential.getToken(emulator.graphScope).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toContain("AADSTS700027");
    expectNoneOf(message, [stranger.privateKeyPem.split("\n")[1]]);
  });

  it("accepts RS256 with an x5t (SHA-1) thumbprint", async () => {
    const response = await requestToken(emulator, form(assertion(certificate, { alg: "RS256", thumbprint: "x5t" })));
    expect(response.status).toBe(200);
  });

  it("accepts the issuer as the assertion's audience", async () => {
    expect((await requestToken(emulator, form(assertion(certificate, { aud: emulator.issuer })))).status).toBe(200);
  });

  it("refuses an assertion whose signature is not the registered certificate's", async () => {
    // Thumbprint of the registered certificate, signature by another key: a forgery.
    const genuine = assertion(certificate);
    const forged = assertion(stranger);
    const [header, claims] = genuine.split(".") as [string, string];
    const response = await requestToken(emulator, form(`${header}.${claims}.${forged.split(".")[2]}`));
    expect(response.status).toBe(401);
    expect(response.json).toMatchObject({ error: "invalid_client", error_codes: [700027] });
    expect((response.json as EntraErrorBody).error_description).toContain("signature validation");
  });

  it("refuses an expired assertion (AADSTS700024)", async () => {
    const response = await requestToken(emulator, form(assertion(certificate, { exp: Math.floor(Date.now() / 1000) - 900 })));
    expect(response.status).toBe(401);
    expect(response.json).toMatchObject({ error_codes: [700024] });
  });

  it("refuses an assertion for another audience", async () => {
    const response = await requestToken(emulator, form(assertion(certificate, { aud: "https://elsewhere.example/token" })));
    expect(response.status).toBe(401);
    expect(response.json).toMatchObject({ error: "invalid_client" });
  });

  it("refuses an assertion issued for another client", async () => {
    const response = await requestToken(emulator, form(assertion(certificate, { iss: randomUUID() })));
    expect(response.status).toBe(401);
    expect(response.json).toMatchObject({ error_codes: [700021] });
  });

  it("refuses an assertion that is not a JWT", async () => {
    const response = await requestToken(emulator, form("definitely.not-a.jwt"));
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ error: "invalid_request", error_codes: [50027] });
  });
});
