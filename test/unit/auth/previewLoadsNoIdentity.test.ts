import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

import { describe, expect, it } from "vitest";

const SETTINGS_ENTRY = resolve(__dirname, "../../../provider/settings/providerSettings.ts");
const TOKENS_ENTRY = resolve(__dirname, "../../../provider/auth/tokenSource.ts");

// Runs in a fresh Node process, because this worker may already have loaded @azure/identity for another test.
const PROBE = `
const { resolveSettings } = require(${JSON.stringify(SETTINGS_ENTRY)});
const { createAccessTokenSource } = require(${JSON.stringify(TOKENS_ENTRY)});
const identityModules = () => Object.keys(require.cache).filter((path) => /[\\\\/]@azure[\\\\/](identity|msal-node)[\\\\/]/.test(path));
const config = { get: (key) => ({ "graphsync:tenantId": "t", "graphsync:clientId": "c" })[key] };
const settings = resolveSettings(config, { ARM_CLIENT_SECRET: "probe-secret" });
createAccessTokenSource(settings);
const afterSetup = identityModules().length;
require("@azure/identity");
const afterRequire = identityModules().length;
process.stdout.write(JSON.stringify({ plan: settings.credential.kind, afterSetup, afterRequire }));
`;

describe("what a preview loads", () => {
  it("resolves settings and creates the token source without loading @azure/identity", () => {
    const output = execFileSync(process.execPath, ["--import", "tsx", "-e", PROBE], {
      cwd: resolve(__dirname, "../../.."),
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "" },
      timeout: 60_000,
    });
    const result = JSON.parse(output) as { plan: string; afterSetup: number; afterRequire: number };
    expect(result.plan).toBe("clientSecret");
    expect(result.afterSetup).toBe(0);
    // The probe does see the module once it is loaded, so the zero above is not vacuous.
    expect(result.afterRequire).toBeGreaterThan(0);
  });
});
