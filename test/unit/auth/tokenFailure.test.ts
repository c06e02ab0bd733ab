import { describe, expect, it } from "vitest";

import type { CredentialPlan } from "../../../provider/settings/credentialPlan";
import { AuthenticationFailedError, NoUsableCredentialError, OidcTokenRequestError } from "../../../provider/auth/errors";
import { createClientCertificate } from "../../emulator";
import { resolveSettings } from "../../../provider/settings/providerSettings";
import { translateTokenFailure } from "../../../provider/auth/tokenFailure";
import { CLIENT, stackConfig, TENANT } from "../settings/fixtures";

const SECRET = "Zq8~client-secret-value-not-to-leak";

function secretPlan(): CredentialPlan {
  return resolveSettings(stackConfig(), { ARM_TENANT_ID: TENANT.arm, ARM_CLIENT_ID: CLIENT.arm, ARM_CLIENT_SECRET: SECRET })
    .credential;
}

function named<T extends Error>(error: T, name: string, extra: Record<string, unknown> = {}): T {
  error.name = name;
  return Object.assign(error, extra);
}

/** What MSAL and @azure/identity 4.x throw when Entra refuses a client credential: a ServerError inside. */
function msalRefusal(code: number, oauthError: string, description: string): Error {
  const server = named(
    new Error(
      `${oauthError}: Error(s): ${code} - Timestamp: 2026-11-30 10:00:00Z - Description: AADSTS${code}: ${description}\r\n` +
        "Trace ID: 0000\r\nCorrelation ID: 1111\r\nTimestamp: 2026-11-30 10:00:00Z - Correlation ID: 1111 - Trace ID: 0000",
    ),
    "ServerError",
    { errorCode: oauthError, errorNo: String(code), request: { body: `client_secret=${SECRET}` } },
  );
  return named(new Error(server.message, { cause: server }), "AuthenticationRequiredError");
}

describe("translateTokenFailure", () => {
  it("explains a wrong client secret with tenant, client, code and meaning, without the secret", () => {
    const error = translateTokenFailure(
      msalRefusal(7000215, "invalid_client", `Invalid client secret provided. Ensure the secret being sent is ${SECRET}.`),
      secretPlan(),
    );
    expect(error).toBeInstanceOf(AuthenticationFailedError);
    expect(error).toMatchObject({
      name: "AuthenticationFailedError",
      credential: "clientSecret",
      tenantId: TENANT.arm,
      clientId: CLIENT.arm,
      entraCode: "AADSTS7000215",
      oauthError: "invalid_client",
    });
    expect(error.message).toBe(
      `Authentication failed with the client secret (client ${CLIENT.arm}, tenant ${TENANT.arm}): AADSTS7000215 invalid_client, ` +
        "the client secret is not valid for this application. To fix: use the secret's Value (not its Secret ID) of a " +
        "current secret of this app registration. Reported: Invalid client secret provided. Ensure the secret being sent is [REDACTED].",
    );
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(SECRET);
    expect(String((error.cause as Error).cause)).not.toContain(SECRET);
  });

  it("reads the code from @azure/identity's error response", () => {
    const error = translateTokenFailure(
      named(new Error("unauthorized_client Status code: 400"), "AuthenticationError", {
        errorResponse: { error: "unauthorized_client", errorDescription: "AADSTS700016: Application not found.", errorCodes: [700016] },
      }),
      secretPlan(),
    );
    expect(error).toMatchObject({ entraCode: "AADSTS700016", oauthError: "unauthorized_client" });
    expect(error.message).toContain("the application was not found in the tenant");
    expect(error.message).toContain("Reported: Application not found.");
  });

  it("finds a code mentioned only in the text", () => {
    const error = translateTokenFailure(new Error("request failed: AADSTS90002: Tenant 'x' not found."), secretPlan());
    expect(error).toMatchObject({ entraCode: "AADSTS90002" });
    expect(error.message).toContain("check tenantId, and that the cloud setting matches the tenant's cloud");
  });

  it("shows Entra's own description for a code it does not explain", () => {
    const error = translateTokenFailure(msalRefusal(99999, "invalid_request", "Something new happened."), secretPlan());
    expect(error.message).toContain("AADSTS99999 invalid_request.");
    expect(error.message).toContain("Reported: Something new happened.");
  });

  it("tells a certificate user what the file must hold when there is no code", async () => {
    const certificate = await createClientCertificate();
    const plan = resolveSettings(
      stackConfig(),
      { ARM_TENANT_ID: TENANT.arm, ARM_CLIENT_ID: CLIENT.arm, ARM_CLIENT_CERTIFICATE_PATH: "/certs/app.pem" },
      () => Buffer.from(certificate.pem),
    ).credential;
    const error = translateTokenFailure(new Error("The file at the specified path does not contain a PEM-encoded certificate."), plan);
    expect(error.message).toContain("To fix: clientCertificatePath or clientCertificate must hold the certificate and its private key (PFX or PEM).");
  });

  it("explains MSAL's endpoints_resolution_error, which hides an unknown tenant behind a custom authority", () => {
    const msal = named(new Error("endpoints_resolution_error: See https://aka.ms/msal.js.errors#endpoints_resolution_error"), "ClientAuthError", {
      errorCode: "endpoints_resolution_error",
    });
    const error = translateTokenFailure(named(new Error(msal.message), "CredentialUnavailableError", { cause: msal }), secretPlan());
    expect(error).toBeInstanceOf(AuthenticationFailedError);
    expect((error as AuthenticationFailedError).entraCode).toBeUndefined();
    expect(error.message).toContain(
      "the tenant's OpenID configuration could not be read from the authority. To fix: check tenantId and authorityHost",
    );
  });

  it("passes our own OIDC request error through unchanged", () => {
    const own = new OidcTokenRequestError("The OIDC token endpoint answered HTTP 403.", { endpoint: "https://x.test/t", statusCode: 403 });
    const wrapped = named(new Error("assertion failed", { cause: own }), "AuthenticationRequiredError");
    expect(translateTokenFailure(wrapped, secretPlan())).toBe(own);
  });

  it("reports an exhausted DefaultAzureCredential as no usable credential, naming its members", () => {
    const plan = resolveSettings(stackConfig(), {}).credential;
    const aggregate = named(new Error("ChainedTokenCredential authentication failed."), "AggregateAuthenticationError", {
      errors: [
        named(new Error("EnvironmentCredential is unavailable. No underlying credential could be used."), "CredentialUnavailableError"),
        named(new Error("ManagedIdentityCredential: Network unreachable."), "CredentialUnavailableError"),
        named(new Error("AzureCliCredential: Azure CLI could not be found."), "CredentialUnavailableError"),
      ],
    });
    const error = translateTokenFailure(aggregate, plan);
    expect(error).toBeInstanceOf(NoUsableCredentialError);
    expect((error as NoUsableCredentialError).defaultChainTried).toEqual([
      "EnvironmentCredential",
      "ManagedIdentityCredential",
      "AzureCliCredential",
    ]);
    expect(error.message).toContain("  - DefaultAzureCredential: EnvironmentCredential, ManagedIdentityCredential, AzureCliCredential unavailable");
  });
});
