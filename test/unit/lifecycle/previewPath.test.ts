import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../../..");

// What a preview runs in the provider process, in a fresh Node process so the module cache tells the truth.
const PREVIEW_SCRIPT = `
const runtime = require("pulumi-graph-sync/runtime");
(async () => {
  await runtime.configure({ config: { get: () => undefined } });
  const news = {
    servicePrincipalId: "/servicePrincipals/6a0f7c1e-94b2-4bd3-9b8e-2f2f2b0c8e11",
    credentials: { BaseAddress: "https://scim.example/v2", SecretToken: "t" },
  };
  const checked = await runtime.check({}, news);
  const olds = { ...checked.inputs, credentials: { BaseAddress: "https://scim.example/v2", SecretToken: "u" } };
  const diff = await runtime.diff("id", olds, checked.inputs);
  const loaded = Object.keys(require.cache).map((file) => file.split("node_modules").pop());
  process.stdout.write(JSON.stringify({ checked, diff, loaded }));
})();
`;

describe("the preview path in the provider process", () => {
  const result = JSON.parse(
    execFileSync(process.execPath, ["-e", PREVIEW_SCRIPT], {
      cwd: ROOT,
      // No credential of any kind: a pull-request preview has none.
      env: { PATH: process.env["PATH"] ?? "", NODE_EXTRA_CA_CERTS: "" },
    }).toString(),
  ) as { checked: { inputs?: unknown }; diff: { changes: boolean; replaces: string[] }; loaded: string[] };

  it("checks and diffs with no configuration and no credential", () => {
    expect(result.checked.inputs).toMatchObject({ servicePrincipalId: "6a0f7c1e-94b2-4bd3-9b8e-2f2f2b0c8e11", keys: ["BaseAddress", "SecretToken"] });
    expect(result.diff).toMatchObject({ changes: true, replaces: [] });
  });

  it("loads neither a credential library nor an HTTP client, nor our Graph, auth and logging edges", () => {
    const offending = result.loaded.filter((file) =>
      /\/@azure\/|\/axios\/|\/dist\/(graph|auth|diagnostics)\//.test(file),
    );
    expect(offending).toEqual([]);
    // The runtime itself was loaded, so the check above looked at the right process.
    expect(result.loaded.some((file) => file.endsWith("dist/lifecycle/operations.js"))).toBe(true);
  });
});
