import { existsSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { connect as tlsConnect, PeerCertificate } from "node:tls";
import { X509Certificate } from "node:crypto";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../index";
import { rawRequest, requireRunCertificateAuthority } from "./support/rawHttps";

/** The server's certificate, verified against the default trust store, or against `ca` when given. */
function peerCertificate(port: number, ca?: string): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: "127.0.0.1", port, ...(ca === undefined ? {} : { ca }) }, () => {
      resolve(socket.getPeerCertificate());
      socket.end();
    });
    socket.on("error", reject);
  });
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

describe("start, TLS and close", () => {
  it("starts in under a second", async () => {
    requireRunCertificateAuthority();
    const started = Date.now();
    const emulator = await startEmulator();
    const elapsed = Date.now() - started;
    await emulator.close();
    expect(elapsed).toBeLessThan(1000);
  });

  it("is trusted through NODE_EXTRA_CA_CERTS alone, with the run's CA", async () => {
    requireRunCertificateAuthority();
    const emulator = await startEmulator();
    try {
      const caDirectory = process.env["PGS_EMULATOR_CA_DIR"] ?? "";
      expect(emulator.caFile).toBe(join(caDirectory, "ca.pem"));
      expect(emulator.caPem).toBe(readFileSync(emulator.caFile, "utf8"));
      // Node's default https client, no `ca` option: the trust comes from the environment.
      const response = await rawRequest(`${emulator.origin}/${emulator.tenantId}/v2.0/.well-known/openid-configuration`);
      expect(response.status).toBe(200);
    } finally {
      await emulator.close();
    }
  });

  it("presents a certificate for 127.0.0.1, ::1 and localhost, issued by its CA", async () => {
    requireRunCertificateAuthority();
    const emulator = await startEmulator();
    try {
      const peer = await peerCertificate(emulator.port);
      expect(peer.subjectaltname).toContain("IP Address:127.0.0.1");
      expect(peer.subjectaltname).toContain("IP Address:0:0:0:0:0:0:0:1");
      expect(peer.subjectaltname).toContain("DNS:localhost");
      const leaf = new X509Certificate(peer.raw);
      expect(leaf.checkIssued(new X509Certificate(emulator.caPem))).toBe(true);
    } finally {
      await emulator.close();
    }
  });

  it("creates, writes and on close removes its own CA when the run has none", async () => {
    const saved = process.env["PGS_EMULATOR_CA_DIR"];
    delete process.env["PGS_EMULATOR_CA_DIR"];
    let emulator;
    try {
      emulator = await startEmulator();
    } finally {
      if (saved !== undefined) process.env["PGS_EMULATOR_CA_DIR"] = saved;
    }
    const caFile = emulator.caFile;
    try {
      expect(caFile).not.toContain(saved ?? "\u0000");
      expect(readFileSync(caFile, "utf8")).toBe(emulator.caPem);
      // Not in this process's trust store: caPem alone must be enough to trust it.
      const peer = await peerCertificate(emulator.port, emulator.caPem);
      expect(new X509Certificate(peer.raw).checkIssued(new X509Certificate(emulator.caPem))).toBe(true);
    } finally {
      await emulator.close();
    }
    expect(existsSync(caFile)).toBe(false);
  });

  it("listens on the requested port", async () => {
    requireRunCertificateAuthority();
    const probe = await startEmulator();
    const port = probe.port;
    await probe.close();
    const emulator = await startEmulator({ port });
    try {
      expect(emulator.origin).toBe(`https://127.0.0.1:${port}`);
    } finally {
      await emulator.close();
    }
  });

  it("closes both listeners and drops hanging connections", async () => {
    requireRunCertificateAuthority();
    const emulator = await startEmulator();
    const app = emulator.registerApp({ roles: ["Synchronization.ReadWrite.All"] });
    const id = emulator.createServicePrincipal();
    emulator.injectFault({ kind: "hang" });
    const hanging = rawRequest(`${emulator.graphEndpoint}/v1.0/servicePrincipals/${id}/synchronization/secrets`, {
      headers: { authorization: `Bearer ${emulator.issueAccessToken({ clientId: app.clientId, roles: app.roles })}` },
    }).then(
      () => "answered",
      (error: unknown) => (error as NodeJS.ErrnoException).code,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const managedIdentityPort = Number(new URL(emulator.managedIdentity.endpoint).port);
    const started = Date.now();
    await emulator.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await hanging).toBe("ECONNRESET");
    expect(await refusesConnections(emulator.port)).toBe(true);
    expect(await refusesConnections(managedIdentityPort)).toBe(true);
  });
});
