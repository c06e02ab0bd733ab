import { describe, expect, it } from "vitest";
import { buildGraphFailure } from "../../../provider/graph/failureMessages";
import { parseGraphErrorBody } from "../../../provider/graph/errors";
import { CredentialValidationError } from "../../../provider/jobs/errors";

const GUID = "0af4a6b2-9c3d-4e5f-8a7b-1c2d3e4f5a6b";
const JOB_ID = "scim.0a1b2c3d4e5f60718293a4b5c6d7e8f9.9e2f4b1a-1c2d-4e5f-8a7b-1c2d3e4f5a6b";
const BASE_ADDRESS = "https://scim.tenant-7731.example/v2";
const TOKEN = "scim-token-5b1f09c2e7";

/** Graph's refusal of validateCredentials, in the shape the emulator answers (the sync service's error as JSON in message). */
function refusal(innerCode: string, innerMessage: string) {
  const body = JSON.stringify({ error: { code: "UnknownError", message: JSON.stringify({ error: { code: innerCode, message: innerMessage } }) } });
  return buildGraphFailure({
    kind: "invalidRequest",
    call: { method: "POST", target: `/v1.0/servicePrincipals/${GUID}/synchronization/jobs/${JOB_ID}/validateCredentials`, servicePrincipalId: GUID },
    clientRequestId: "c-1",
    attempts: 1,
    startedAt: Date.now(),
    result: { type: "response", status: 400, headers: { "request-id": "r-1" }, body, durationMs: 3 },
    graphError: parseGraphErrorBody(body),
    sensitiveValues: [BASE_ADDRESS, TOKEN, "bearer-token-value"],
    settings: { origin: "https://graph.example", operationTimeoutMs: 1_000, attemptTimeoutMs: 1_000, consistencyWindowMs: 0 },
  });
}

describe("CredentialValidationError", () => {
  const cause = refusal(
    "SystemForCrossDomainIdentityManagementCredentialValidationFailure",
    `While validating we received an unexpected response. Resource: ${BASE_ADDRESS}/Users?filter=x. Token ${TOKEN}. Status: Unauthorized.`,
  );
  const error = new CredentialValidationError(GUID, JOB_ID, ["BaseAddress", "SecretToken"], cause);

  it("names the principal, the job and the keys tested, says nothing was written, and quotes Graph's reason", () => {
    expect(error.name).toBe("CredentialValidationError");
    expect(error.message).toContain(`keys BaseAddress, SecretToken of service principal ${GUID}; nothing was written`);
    expect(error.message).toContain(`synchronization job ${JOB_ID}`);
    expect(error.message).toContain("Status: Unauthorized.");
    expect(error.message).toContain("inner code SystemForCrossDomainIdentityManagementCredentialValidationFailure");
    expect(error.message).toContain("request-id r-1");
    expect(error.cause).toBe(cause);
  });

  it("points at SecretToken when the application answered and refused (the code the admin center shows)", () => {
    expect(error.message).toContain("check SecretToken");
    const unreachable = new CredentialValidationError(GUID, JOB_ID, ["BaseAddress", "SecretToken"], refusal("SomethingElse", "No answer."));
    expect(unreachable.message).not.toContain("check SecretToken");
  });

  it("shows no value: the base address and the token in Graph's reason are replaced", () => {
    expect(error.message).toContain("[REDACTED]");
    for (const value of [BASE_ADDRESS, TOKEN, "scim.tenant-7731"]) {
      expect(error.message).not.toContain(value);
      expect(JSON.stringify(error)).not.toContain(value);
    }
  });
});
