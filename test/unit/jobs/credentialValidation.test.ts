import { describe, expect, it } from "vitest";
import { GraphClient } from "../../../provider/graph/client";
import { GraphRequestError } from "../../../provider/graph/errors";
import { startWaitingJob, validateCredentials } from "../../../provider/jobs/credentialValidation";
import { graphError, respond, ScriptedTransport } from "../graph/scriptedTransport";

const SP = "0af4a6b2-9c3d-4e5f-8a7b-1c2d3e4f5a6b";
const JOB_ID = "scim.0a1b2c3d4e5f60718293a4b5c6d7e8f9.9e2f4b1a-1c2d-4e5f-8a7b-1c2d3e4f5a6b";

// Graph's credential test through a job that answers 404: only Graph's own not-found error says the job is missing.
function validateAgainst(answer: ReturnType<typeof respond>): Promise<unknown> {
  const graph = new GraphClient({
    graphEndpoint: "https://graph.example.test",
    getAccessToken: () => Promise.resolve("bearer-token"),
    transport: new ScriptedTransport([], answer),
    // Nothing to wait out: the first answer decides.
    consistencyWindowMs: 0,
  });
  const pairs = [{ key: "SecretToken", value: "scim-token-81" }];
  return validateCredentials(graph, { servicePrincipalId: SP, apiVersion: "v1.0", jobId: JOB_ID, pairs }).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("validateCredentials on a 404", () => {
  it("says the principal does not have the job when Graph answers its own not-found error", async () => {
    const error = (await validateAgainst(graphError(404, "ResourceNotFound"))) as Error;
    expect(error.message).toContain(`validateWith names synchronization job ${JOB_ID}, which service principal ${SP} does not have`);
    expect(error.cause).toBeInstanceOf(GraphRequestError);
  });

  it("passes a 404 without Graph's not-found error on as it is: a proxy's page says nothing about the job", async () => {
    const error = await validateAgainst(respond(404, "<html>Not Found</html>", { "content-type": "text/html" }));
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({ kind: "unexpectedResponse", status: 404 });
    expect((error as Error).message).not.toContain("does not have");
  });
});

describe("a job call that Graph answers with its own not-found error", () => {
  it("names the job, not only the principal, since under …/jobs/{id} either may be missing", async () => {
    const graph = new GraphClient({
      graphEndpoint: "https://graph.example.test",
      getAccessToken: () => Promise.resolve("bearer-token"),
      transport: new ScriptedTransport([], graphError(404, "ResourceNotFound")),
      consistencyWindowMs: 0,
    });
    const error = await startWaitingJob(graph, { servicePrincipalId: SP, apiVersion: "v1.0", jobId: JOB_ID }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: "notFound", status: 404 });
    expect((error as Error).message).toContain(`Synchronization job ${JOB_ID} of service principal ${SP} was not found (404 ResourceNotFound)`);
  });
});
