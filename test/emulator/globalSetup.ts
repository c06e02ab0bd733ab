import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CertificateAuthority } from "./tls/certificateAuthority";

/**
 * Vitest global setup: creates one CA for the whole test run, before vitest forks its workers, so every worker,
 * every process they start (the Pulumi CLI, the dynamic provider) and every emulator of the run share it.
 *
 * Sets PGS_EMULATOR_CA_DIR (the CA certificate and key, for `startEmulator`) and NODE_EXTRA_CA_CERTS (so the real
 * `@azure/identity`, axios and child processes trust the emulator the standard way). An existing
 * NODE_EXTRA_CA_CERTS is kept: the new value is a bundle of that file and the run's CA.
 *
 * @returns the teardown, which removes the directory and restores both variables
 */
export default async function setup(): Promise<() => Promise<void>> {
  const previous = { caDirectory: process.env["PGS_EMULATOR_CA_DIR"], extraCaCerts: process.env["NODE_EXTRA_CA_CERTS"] };
  const directory = await mkdtemp(join(tmpdir(), "pgs-emulator-ca-"));
  const authority = await CertificateAuthority.create(2);
  const caFile = await authority.writeTo(directory);
  let trustFile = caFile;
  if (previous.extraCaCerts !== undefined && existsSync(previous.extraCaCerts)) {
    trustFile = join(directory, "extra-ca-bundle.pem");
    await writeFile(trustFile, `${readFileSync(previous.extraCaCerts, "utf8").trimEnd()}\n${authority.certificatePem}`);
  }
  process.env["PGS_EMULATOR_CA_DIR"] = directory;
  process.env["NODE_EXTRA_CA_CERTS"] = trustFile;

  return async () => {
    restore("PGS_EMULATOR_CA_DIR", previous.caDirectory);
    restore("NODE_EXTRA_CA_CERTS", previous.extraCaCerts);
    await rm(directory, { recursive: true, force: true });
  };
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
