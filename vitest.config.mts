import { defineConfig } from "vitest/config";

// Three projects, all run by `npx vitest run` (or one with `--project NAME`):
//   unit         pure functions, no network
//   integration  the emulator and our Graph / auth edges over real HTTPS on loopback
//   engine       the real Pulumi engine against the emulator: the plain CLI on project folders, and Automation API
//                inline programs
export default defineConfig({
  test: {
    // One certificate authority per run, trusted through NODE_EXTRA_CA_CERTS by every worker and every process they
    // start (the Pulumi CLI, the dynamic provider), so everything talks to the emulator over real, verified HTTPS.
    globalSetup: ["test/emulator/globalSetup.ts"],
    // The machines here have 2 cores.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/emulator/**/*.test.ts", "test/integration/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "engine",
          include: ["test/engine/**/*.test.ts"],
          environment: "node",
          // Files side by side (two at a time, see maxWorkers): a Pulumi operation waits on process start-up and
          // loopback I/O as much as it computes, so two files finish in about 60% of the time of one after the other.
          testTimeout: 300_000,
          hookTimeout: 300_000,
          server: { deps: { external: [/\/dist\//, /node_modules/] } },
        },
      },
    ],
  },
});
