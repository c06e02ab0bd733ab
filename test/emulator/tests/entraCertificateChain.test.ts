import { createHash, createPrivateKey, randomUUID, X509Certificate } from "node:crypto";
import { ClientCertificateCredential } from "@azure/identity";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signJwt } from "../jwt/jsonWebToken";
import {
  ClientCertificate, ClientCertificateIssuer, createClientCertificate, createPfx, Emulator, EmulatorControlError,
  PFX_ENCRYPTIONS, RegisteredApp, startEmulator,
} from "../index";
import { openPfx } from "./support/pfxReader";
import { rawRequest, requireRunCertificateAuthority } from "./support/rawHttps";
import { claimsOf, EntraErrorBody, requestToken } from "./support/tokenCalls";

const SUBJECT = "CN=graph-sync.contoso.example, O=Contoso";
const PASSWORD = "pfx-password-31d9";

describe("Entra ID: certificates from PFX files, by thumbprint and by subject name and issuer (x5c)", () => {
  let emulator: Emulator;
  let issuer: ClientCertificateIssuer;
  let strangerIssuer: ClientCertificateIssuer;
  let client: ClientCertificate;
  let byThumbprint: RegisteredApp;
  let bySubject: RegisteredApp;

  beforeAll(async () => {
    requireRunCertificateAuthority();
    [emulator, issuer, strangerIssuer] = await Promise.all([startEmulator(), ClientCertificateIssuer.create(), ClientCertificateIssuer.create()]);
    client = await issuer.issue(SUBJECT);
    const roles = ["Synchronization.ReadWrite.All"];
    byThumbprint = emulator.registerApp({ certificatePem: client.certificatePem, roles });
    bySubject = emulator.registerApp({ trustedCertificateSubjects: [{ subjectName: SUBJECT, issuerCertificatePem: issuer.certificatePem }], roles });
  });

  afterAll(async () => {
    await emulator.close();
  });

  function credential(app: RegisteredApp, pem: string, sendCertificateChain: boolean): ClientCertificateCredential {
    return new ClientCertificateCredential(emulator.tenantId, app.clientId, { certificate: pem }, {
      authorityHost: emulator.authorityHost, disableInstanceDiscovery: true, sendCertificateChain,
    });
  }

  async function failureOf(promise: Promise<unknown>): Promise<string> {
    const failure: unknown = await promise.then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    return (failure as Error).message;
  }

  it.each(PFX_ENCRYPTIONS)("issues a token for an assertion signed with the key of a %s PFX file (by thumbprint)", async (encryption) => {
    const opened = openPfx(createPfx(client, { password: PASSWORD, encryption }), PASSWORD);
    const { token } = await credential(byThumbprint, opened.pem, false).getToken(emulator.graphScope);
    expect(claimsOf(token)).toMatchObject({ appid: byThumbprint.clientId, appidacr: "2" });
  });

  it.each(PFX_ENCRYPTIONS)("issues a token by subject name and issuer when the chain of a %s PFX file is sent (x5c)", async (encryption) => {
    const opened = openPfx(createPfx(client, { password: PASSWORD, encryption }), PASSWORD);
    const { token } = await credential(bySubject, opened.pem, true).getToken(emulator.graphScope);
    expect(claimsOf(token)).toMatchObject({ appid: bySubject.clientId, appidacr: "2", roles: ["Synchronization.ReadWrite.All"] });
  });

  it("refuses the subject-trusting app when the chain is not sent (AADSTS700027)", async () => {
    const message = await failureOf(credential(bySubject, client.pem, false).getToken(emulator.graphScope));
    expect(message).toContain("AADSTS700027");
    expect(message).toContain("x5c");
  });

  it("still issues by thumbprint when a chain is sent to an app that registered the certificate", async () => {
    const { token } = await credential(byThumbprint, client.pem, true).getToken(emulator.graphScope);
    expect(claimsOf(token)).toMatchObject({ appid: byThumbprint.clientId });
  });

  it("refuses the trusted subject issued by another CA", async () => {
    const impostor = await strangerIssuer.issue(SUBJECT);
    const message = await failureOf(credential(bySubject, impostor.pem, true).getToken(emulator.graphScope));
    expect(message).toContain("AADSTS700027");
    expect(message).toContain("does not lead to the issuer");
  });

  it("refuses another subject issued by the trusted CA", async () => {
    const other = await issuer.issue("CN=someone-else.contoso.example, O=Contoso");
    const message = await failureOf(credential(bySubject, other.pem, true).getToken(emulator.graphScope));
    expect(message).toContain("is not a trusted subject");
  });

  it("refuses an expired certificate of the trusted subject", async () => {
    const expired = await issuer.issue(SUBJECT, { notBefore: new Date(Date.now() - 7_200_000), notAfter: new Date(Date.now() - 3_600_000) });
    const message = await failureOf(credential(bySubject, expired.pem, true).getToken(emulator.graphScope));
    expect(message).toContain("is not valid at");
  });

  it("refuses a self-signed certificate that only claims the trusted subject", async () => {
    const selfSigned = await createClientCertificate(SUBJECT);
    const message = await failureOf(credential(bySubject, selfSigned.pem, true).getToken(emulator.graphScope));
    expect(message).toContain("does not lead to the issuer");
  });

  /** A hand-made assertion whose header the real credential would never produce. */
  function assertion(header: Record<string, unknown>): string {
    const now = Math.floor(Date.now() / 1000);
    return signJwt(
      { alg: "PS256", typ: "JWT", ...header },
      { aud: emulator.tokenEndpoint, iss: bySubject.clientId, sub: bySubject.clientId, jti: randomUUID(), nbf: now, exp: now + 600 },
      createPrivateKey(client.privateKeyPem),
    );
  }

  function form(clientAssertion: string): Record<string, string> {
    return {
      grant_type: "client_credentials",
      client_id: bySubject.clientId,
      scope: emulator.graphScope,
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: clientAssertion,
    };
  }

  const derBase64 = (pem: string) => Buffer.from(new X509Certificate(pem).raw).toString("base64");
  const thumbprint = (pem: string) => createHash("sha256").update(new X509Certificate(pem).raw).digest("base64url");

  it("accepts a hand-made assertion with the chain in x5c and x5t#S256 of its first certificate", async () => {
    const x5c = [derBase64(client.certificatePem), derBase64(issuer.certificatePem)];
    const response = await requestToken(emulator, form(assertion({ "x5t#S256": thumbprint(client.certificatePem), x5c })));
    expect(response.status).toBe(200);
  });

  it("refuses an x5t that is not the thumbprint of the first x5c certificate", async () => {
    const x5c = [derBase64(client.certificatePem), derBase64(issuer.certificatePem)];
    const response = await requestToken(emulator, form(assertion({ "x5t#S256": thumbprint(issuer.certificatePem), x5c })));
    expect(response.status).toBe(401);
    expect(response.json).toMatchObject({ error: "invalid_client", error_codes: [700027] });
    expect((response.json as EntraErrorBody).error_description).toContain("x5t");
  });

  it("refuses an x5c that is not a list of base64 DER certificates (400, AADSTS50027)", async () => {
    const response = await requestToken(emulator, form(assertion({ "x5t#S256": thumbprint(client.certificatePem), x5c: ["not a certificate"] })));
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ error: "invalid_request", error_codes: [50027] });
  });

  it("takes trusted subjects over the control surface, and refuses an issuer that is not a certificate", async () => {
    const created = await rawRequest(`${emulator.origin}/_emulator/apps`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ trustedCertificateSubjects: [{ subjectName: SUBJECT, issuerCertificatePem: issuer.certificatePem }] }),
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ trustedCertificateSubjects: [{ subjectName: SUBJECT }] });
    expect((created.json as RegisteredApp).clientSecret).toBeUndefined();
    expect(() => emulator.registerApp({ trustedCertificateSubjects: [{ subjectName: SUBJECT, issuerCertificatePem: "not a PEM" }] })).toThrow(
      EmulatorControlError,
    );
  });
});
