import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");
const GUID = "6a0f7c1e-94b2-4bd3-9b8e-2f2f2b0c8e11";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

// What a preview of a job and of secrets that validate with it runs in the provider process, in a fresh Node process
// so the module cache tells the truth. The job id is unknown, as it is before the job exists.
const PREVIEW_SCRIPT = `
const jobs = require("pulumi-graph-sync/job-runtime");
const secrets = require("pulumi-graph-sync/runtime");
(async () => {
  const config = { config: { get: () => undefined } };
  await jobs.configure(config);
  await secrets.configure(config);
  const job = await jobs.check({}, { servicePrincipalId: "/servicePrincipals/${GUID}", templateId: "scim", waitForCredentials: true });
  const jobDiff = await jobs.diff("id", { ...job.inputs, jobId: "scim.1.2", scheduleState: "Disabled" }, { ...job.inputs, enabled: false });
  const news = { servicePrincipalId: "${GUID}", credentials: { BaseAddress: "https://scim.example/v2", SecretToken: "t" }, validateWith: "${UNKNOWN}", startsJob: "${UNKNOWN}" };
  const checked = await secrets.check({}, news);
  const bad = await secrets.check({}, { ...news, validateWith: "../secrets" });
  const loaded = Object.keys(require.cache).map((file) => file.split("node_modules").pop());
  process.stdout.write(JSON.stringify({ job, jobDiff, checked, bad, loaded }));
})();
`;

describe("the preview path of a job, and of secrets that validate with it", () => {
  const result = JSON.parse(
    execFileSync(process.execPath, ["-e", PREVIEW_SCRIPT], { cwd: ROOT, env: { PATH: process.env["PATH"] ?? "", NODE_EXTRA_CA_CERTS: "" } }).toString(),
  ) as Record<string, { inputs?: unknown; failures?: unknown; changes?: boolean }> & { loaded: string[] };

  it("checks and diffs with no configuration and no credential", () => {
    expect(result["job"]?.inputs).toMatchObject({ servicePrincipalId: GUID, templateId: "scim", enabled: true, waitForCredentials: true });
    expect(result["jobDiff"]).toMatchObject({ changes: true, replaces: [] });
    expect(result["checked"]?.inputs).toMatchObject({ validateWith: UNKNOWN, startsJob: UNKNOWN, keys: ["BaseAddress", "SecretToken"] });
    expect(result["bad"]?.failures).toEqual([{ property: "validateWith", reason: expect.stringContaining("job id") }]);
  });

  it("loads neither a credential library nor an HTTP client, nor the jobs' Graph side", () => {
    const offending = result.loaded.filter((file) =>
      /\/@azure\/|\/axios\/|\/dist\/(graph|auth|diagnostics)\/|\/dist\/jobs\/(jobLifecycle|jobsClient|credentialValidation)/.test(file),
    );
    expect(offending).toEqual([]);
    expect(result.loaded.some((file) => file.endsWith("dist/jobs/operations.js"))).toBe(true);
  });
});
