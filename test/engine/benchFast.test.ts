import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBenchmark, type BenchOutcome } from "../../bench/benchmark";
import type { OperationSample } from "../../bench/harness/fleetStack";
import { growthSeries } from "../../bench/measurements/growth";
import { renderGrowthChart } from "../../bench/report/growthChart";
import { missedTargetNote } from "../../bench/report/missedTargetNotes";
import { renderResults } from "../../bench/report/resultsReport";
import { judge } from "../../bench/report/verdicts";
import { findLeaks } from "./harness/leakScan";

// The benchmark's fast mode: one tiny run of every measurement, no latency, one repetition. It checks that the
// benchmark measures what it says (the right N, every resource written and cleared, the emulator's counters
// consistent with the engine's work, the state sampled) and that its report renders. Never a timing target.
const SIZE = 3;
const ECONOMY_SIZE = 2;
const THROTTLED = { size: 4, capacity: 1, refillPerSecond: 5, runs: 1 };

let outcome: BenchOutcome;
let outputDir: string;

beforeAll(async () => {
  outputDir = mkdtempSync(path.join(os.tmpdir(), "graphsync-bench-fast-"));
  outcome = await runBenchmark({
    latencyMs: 0,
    sizes: [SIZE],
    runs: 1,
    economySize: ECONOMY_SIZE,
    profileSize: SIZE,
    profileRuns: 1,
    throttled: THROTTLED,
    emulatorThroughput: false,
    outputDir,
  });
  // Every measurement's engine runs, one after the other: minutes on a quiet machine, many more when the cores are shared.
}, 900_000);

afterAll(() => {
  if (outputDir) rmSync(outputDir, { recursive: true, force: true });
});

function samplesOf(subject: "ours" | "floor", kind: OperationSample["kind"]): OperationSample[] {
  return outcome.report.engine.flatMap((timings) => timings.samples).filter((s) => s.subject === subject && s.kind === kind);
}

describe("the benchmark's fast mode", () => {
  it("times one up, preview and destroy per subject at the requested size, ours and the floor interleaved", () => {
    const [timings] = outcome.report.engine;
    expect(outcome.report.engine).toHaveLength(1);
    expect(timings?.size).toBe(SIZE);
    expect(timings?.samples.map((s) => `${s.subject} ${s.kind}`)).toEqual([
      "ours up", "floor up", "ours preview", "floor preview", "ours destroy", "floor destroy",
    ]);
    expect(timings?.samples.every((s) => s.size === SIZE && !s.failed && s.ms > 0)).toBe(true);
    expect(timings?.timings.ours.up.runs).toBe(1);
    expect(timings?.timings.floor.destroy.runs).toBe(1);
  });

  it("creates every resource on its own service principal and clears them all on destroy", () => {
    for (const subject of ["ours", "floor"] as const) {
      const [up] = samplesOf(subject, "up");
      const [preview] = samplesOf(subject, "preview");
      const [destroy] = samplesOf(subject, "destroy");
      // The stack resource is one of the engine's changes.
      expect(up?.changes).toEqual({ create: SIZE + 1 });
      expect(up?.resourcesInState).toBe(SIZE);
      expect(up?.principalsWritten).toBe(SIZE);
      expect(preview?.changes).toEqual({ same: SIZE + 1 });
      expect(destroy?.changes).toEqual({ delete: SIZE + 1 });
      expect(destroy?.resourcesInState).toBe(0);
      expect(destroy?.principalsCleared).toBe(SIZE);
    }
  });

  it("sees one PUT per resource and one token request per run for ours and for the floor, and none in a preview", () => {
    for (const subject of ["ours", "floor"] as const) {
      for (const kind of ["up", "destroy"] as const) {
        const [sample] = samplesOf(subject, kind);
        expect(sample?.traffic.graphRequests).toEqual({ "PUT 204": SIZE });
        expect(sample?.traffic.tokenRequests).toBe(1);
      }
      const [preview] = samplesOf(subject, "preview");
      expect(preview?.traffic.graphRequestsTotal).toBe(0);
      expect(preview?.traffic.tokenRequests).toBe(0);
    }
  });

  it("measures the state: a small __provider for both subjects, stored in every resource's inputs and outputs", () => {
    const [timings] = outcome.report.engine;
    for (const subject of ["ours", "floor"] as const) {
      const state = timings?.state[subject];
      expect(state?.size).toBe(SIZE);
      expect(state?.providerBytes).toBeGreaterThan(100);
      expect(state?.providerBytes).toBeLessThan(1024);
      expect(state?.resourceBytes).toBeGreaterThan(2 * (state?.providerBytes ?? Infinity));
      expect(state?.stateFileBytes).toBeGreaterThan(SIZE * (state?.resourceBytes ?? Infinity));
    }
  });

  it("profiles each subject's provider process in an up and a destroy, and finds each one's code only in its own profile", () => {
    const profiles = outcome.report.profiles;
    expect(profiles.map((p) => `${p.kind} ${p.subject} ${p.size}`)).toEqual([`up ours ${SIZE}`, `up floor ${SIZE}`, `destroy ours ${SIZE}`, `destroy floor ${SIZE}`]);
    for (const profile of profiles) {
      const sum = Object.values(profile.categories).reduce((total, ms) => total + ms, 0);
      expect(profile.busyMs).toBeGreaterThan(0);
      expect(sum).toBeCloseTo(profile.busyMs, 6);
      const own = profile.subject === "ours" ? ["pulumi-graph-sync (ours)"] : ["the floor's provider"];
      const others = profile.subject === "ours" ? ["the floor's provider"] : ["pulumi-graph-sync (ours)", "axios", "@azure/identity, MSAL"];
      expect(Object.keys(profile.categories)).toEqual(expect.arrayContaining(own));
      for (const category of others) {
        expect(Object.keys(profile.categories)).not.toContain(category);
      }
    }
  });

  it("writes the notes on missed targets from this run's figures, the destroy note from the destroy profile", () => {
    const report = outcome.report;
    const destroy = missedTargetNote("destroy-ratio", report);
    const destroyProfile = report.profiles.find((p) => p.subject === "ours" && p.kind === "destroy");
    const floorDestroy = report.profiles.find((p) => p.subject === "floor" && p.kind === "destroy");
    expect(destroy).toContain(`in a \`destroy\` of N = ${SIZE}`);
    expect(destroy).toContain(`used ${((destroyProfile?.busyMs ?? NaN) - (floorDestroy?.busyMs ?? NaN)).toFixed(0)} ms more CPU`);
    expect(missedTargetNote("up-ratio", report)).toContain(`in an \`up\` of N = ${SIZE}`);
    // The comparison follows the numbers: a preview spread made tiny turns "less than" into "more than".
    const [timings] = report.engine;
    if (timings === undefined) throw new Error("no engine timings");
    const preview = (spread: number): string => {
      const narrow = (summary: typeof timings.timings.ours.preview) => ({ ...summary, minMs: summary.medianMs, maxMs: summary.medianMs + spread });
      const ours = { ...timings.timings.ours, preview: { ...narrow(timings.timings.ours.preview), medianMs: timings.timings.floor.preview.medianMs + 1000 } };
      const floor = { ...timings.timings.floor, preview: narrow(timings.timings.floor.preview) };
      return missedTargetNote("preview-ratio", { ...report, engine: [{ ...timings, timings: { ours, floor } }] });
    };
    expect(preview(5000)).toContain("less than either subject's spread");
    expect(preview(1)).toContain("more than either subject's spread");
    // One size measured: no growth to judge, and the note says so instead of calling anything flat.
    expect(missedTargetNote("growth", report)).toBe("This run measured too few sizes to compare the growth of ours and the floor.");
  });

  it("counts the requests of a create, an update, a refresh and a delete per resource", () => {
    const rows = outcome.report.economy.rows.map((r) => [r.subject, r.operation, r.size, r.graphRequests, r.graphRequestsPerResource, r.tokenRequests]);
    expect(rows).toEqual([
      ["ours", "create", ECONOMY_SIZE, { "PUT 204": ECONOMY_SIZE }, 1, 1],
      ["ours", "update", ECONOMY_SIZE, { "PUT 204": ECONOMY_SIZE }, 1, 1],
      ["ours", "refresh", ECONOMY_SIZE, { "GET 200": ECONOMY_SIZE }, 1, 1],
      ["ours", "delete", ECONOMY_SIZE, { "PUT 204": ECONOMY_SIZE }, 1, 1],
      ["floor", "create", ECONOMY_SIZE, { "PUT 204": ECONOMY_SIZE }, 1, 1],
      ["floor", "update", ECONOMY_SIZE, { "PUT 204": ECONOMY_SIZE }, 1, 1],
      // The floor has no read: a refresh echoes its state.
      ["floor", "refresh", ECONOMY_SIZE, {}, 0, 0],
      ["floor", "delete", ECONOMY_SIZE, { "PUT 204": ECONOMY_SIZE }, 1, 1],
    ]);
  });

  it("counts the requests of a job's create, pause, start, restart and delete, and sets them beside azuread's documented pattern", () => {
    const rows = outcome.report.jobEconomy?.rows.map((r) => [r.operation, r.size, r.operations, r.graphRequestsPerJob, r.tokenRequests]);
    const each = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).map(([name, count]) => [name, count * ECONOMY_SIZE]));
    expect(rows).toEqual([
      // Is there a job from the template already? Then the create, and the start (enabled).
      ["create", ECONOMY_SIZE, each({ "jobs.list": 1, "jobs.create": 1, "jobs.start": 1 }), 3, 1],
      ["pause", ECONOMY_SIZE, each({ "jobs.pause": 1 }), 1, 1],
      ["start", ECONOMY_SIZE, each({ "jobs.start": 1 }), 1, 1],
      ["restart", ECONOMY_SIZE, each({ "jobs.restart": 1 }), 1, 1],
      ["delete", ECONOMY_SIZE, each({ "jobs.delete": 1 }), 1, 1],
    ]);
    const results = renderResults(outcome.report);
    expect(results).toContain("| create | `up`: new jobs, `enabled: true` | 3 (1 × jobs.list, 1 × jobs.create, 1 × jobs.start) | ≥ 5:");
    expect(results).toContain("| restart | `up`: a new `restartTrigger` | 1 (1 × jobs.restart) | not offered |");
    // A report saved before the jobs were measured still renders.
    expect(renderResults({ ...outcome.report, jobEconomy: undefined })).toContain("Request economy of `SynchronizationJob`\n\nNot measured in this run.");
  });

  it("completes the throttled up with every resource written, and counts the 429s the emulator sent", () => {
    const throttled = outcome.report.throttled;
    const [sample] = throttled.samples;
    const [up] = throttled.operations;
    expect(throttled.bucketMinimumMs).toBe(((THROTTLED.size - THROTTLED.capacity) / THROTTLED.refillPerSecond) * 1000);
    expect(sample?.failures).toBe(0);
    expect(sample?.writes).toBe(THROTTLED.size);
    expect(up?.principalsWritten).toBe(THROTTLED.size);
    expect(sample?.throttledResponses).toBe(up?.traffic.graphRequests["PUT 429"]);
    expect(sample?.throttledResponses).toBeGreaterThan(0);
    // Not a timing target: no client can finish the writes before the bucket allows it, so a shorter window
    // would mean the window is measured wrongly.
    expect(sample?.writeWindowMs).toBeGreaterThanOrEqual(throttled.bucketMinimumMs);
  });

  it("judges every target and renders RESULTS.md and the chart without a secret value in them", () => {
    const verdicts = judge(outcome.report);
    expect(verdicts.map((v) => v.id)).toEqual([
      "up-ratio", "preview-ratio", "destroy-ratio",
      "requests-per-create", "requests-per-update", "requests-per-delete",
      "token-requests", "provider-bytes", "throttled-failures", "throttled-ratio", "growth",
    ]);
    const results = renderResults(outcome.report);
    for (const verdict of verdicts) {
      expect(results).toContain(`| ${verdict.figure} | ${verdict.target} | ${verdict.measured} |`);
    }
    expect(results).toContain(`| ${os.availableParallelism()} |`);
    const chart = renderGrowthChart(growthSeries(outcome.report.engine), "fast mode");
    expect(chart.match(/<polyline /g)).toHaveLength(8);
    expect(outcome.secretValues.length).toBeGreaterThan(2 * SIZE);
    expect(findLeaks({ "RESULTS.md": results, "growth.svg": chart, report: JSON.stringify(outcome.report) }, outcome.secretValues)).toEqual([]);
  });
});
