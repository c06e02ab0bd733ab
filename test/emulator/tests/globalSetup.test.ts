import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import setup from "../globalSetup";
import { requireRunCertificateAuthority } from "./support/rawHttps";

describe("the vitest global setup", () => {
  it("writes the CA, points both variables at it, bundles an existing NODE_EXTRA_CA_CERTS, and undoes it all", async () => {
    requireRunCertificateAuthority();
    const before = { caDirectory: process.env["PGS_EMULATOR_CA_DIR"], extraCaCerts: process.env["NODE_EXTRA_CA_CERTS"] };
    const existing = readFileSync(before.extraCaCerts ?? "", "utf8");
    const teardown = await setup();
    const directory = process.env["PGS_EMULATOR_CA_DIR"] ?? "";
    try {
      expect(directory).not.toBe(before.caDirectory);
      const caPem = readFileSync(join(directory, "ca.pem"), "utf8");
      expect(readFileSync(join(directory, "ca-key.pem"), "utf8")).toContain("BEGIN PRIVATE KEY");
      const bundle = readFileSync(process.env["NODE_EXTRA_CA_CERTS"] ?? "", "utf8");
      expect(bundle).toContain(existing.trim());
      expect(bundle).toContain(caPem.trim());
    } finally {
      await teardown();
    }
    expect(process.env["PGS_EMULATOR_CA_DIR"]).toBe(before.caDirectory);
    expect(process.env["NODE_EXTRA_CA_CERTS"]).toBe(before.extraCaCerts);
    expect(existsSync(directory)).toBe(false);
  });
});
