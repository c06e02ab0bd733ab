import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { BenchTenant } from "../harness/benchTenant";
import { breakDownProfile, type CpuBreakdown, type CpuProfile } from "../harness/cpuProfile";
import { FleetStack } from "../harness/fleetStack";
import { expectSample } from "../harness/sampleExpectation";
import { summarizeTimings } from "../harness/timingSummary";
import type { SubjectName } from "../subjects/fleet";
import { SUBJECTS } from "./engineTimings";

/** The operations whose provider process is profiled. */
export type ProfiledKind = "up" | "destroy";

/** Where one subject's provider process spent its CPU in an `up` or a `destroy`: medians over the profiled runs, in ms. */
export interface ProviderProfile extends CpuBreakdown {
  readonly subject: SubjectName;
  readonly kind: ProfiledKind;
  readonly size: number;
  readonly runs: number;
}

/** The profile of one subject's provider process in one kind of operation, if this run took it. */
export function profileOf(profiles: readonly ProviderProfile[], subject: SubjectName, kind: ProfiledKind): ProviderProfile | undefined {
  return profiles.find((profile) => profile.subject === subject && profile.kind === kind);
}

/** The categories the CPU time is split into, by the packages that run (see `breakDownProfile`). */
export const PROFILE_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  "pulumi-graph-sync (ours)": ["pulumi-graph-sync"],
  "the floor's provider": ["graphsync-bench-floor"],
  axios: ["axios", "follow-redirects", "form-data", "proxy-from-env"],
  "@azure/identity, MSAL": ["@azure/", "@typespec/", "jsonwebtoken", "jws", "jwa"],
  "Pulumi SDK, gRPC": ["@pulumi/", "@grpc/", "google-protobuf", "@opentelemetry/", "protobufjs", "@protobufjs/", "source-map-support", "source-map", "semver", "typescript", "js-yaml"],
};

const EXIT_ON_SIGNAL = path.join(__dirname, "..", "harness", "exitOnSignal.cjs");

/**
 * Profiles the provider process of `runs` `up`s and `destroy`s of `size` resources per subject with `node --cpu-prof`,
 * apart from the timed runs (profiling slows a process), ours and the floor interleaved. It shows where ours spends
 * the CPU the floor does not, which on a 2-core machine shared by the CLI, the program and the emulator becomes
 * wall-clock time. Returns the `up` profiles first (ours, floor), then the `destroy` ones.
 */
export async function measureProviderProfiles(
  tenant: BenchTenant,
  size: number,
  runs: number,
  progress: (line: string) => void,
): Promise<ProviderProfile[]> {
  const directories = { ours: mkdtempSync(path.join(os.tmpdir(), "graphsync-bench-profile-")), floor: mkdtempSync(path.join(os.tmpdir(), "graphsync-bench-profile-")) };
  const profiled = (subject: SubjectName) =>
    FleetStack.create(tenant, tenant.newFleet(subject, size), {
      NODE_OPTIONS: `--require ${EXIT_ON_SIGNAL} --cpu-prof --cpu-prof-dir=${directories[subject]}`,
    });
  const stacks = { ours: await profiled("ours"), floor: await profiled("floor") };
  const breakdowns: Record<ProfiledKind, Record<SubjectName, CpuBreakdown[]>> = { up: { ours: [], floor: [] }, destroy: { ours: [], floor: [] } };
  try {
    for (let run = 1; run <= runs; run += 1) {
      for (const subject of SUBJECTS) {
        const up = await stacks[subject].run("up");
        expectSample(up, { changes: { create: size + 1 }, principalsWritten: size }, `profiled ${subject} up at N = ${size} (run ${run})`);
        breakdowns.up[subject].push(breakDownProfile(takeProviderProcessProfile(directories[subject]), PROFILE_CATEGORIES));
        const destroy = await stacks[subject].run("destroy");
        expectSample(destroy, { changes: { delete: size + 1 }, principalsCleared: size }, `profiled ${subject} destroy at N = ${size} (run ${run})`);
        breakdowns.destroy[subject].push(breakDownProfile(takeProviderProcessProfile(directories[subject]), PROFILE_CATEGORIES));
        progress(
          `profiled ${subject} at N = ${size} (run ${run}/${runs}): ${(breakdowns.up[subject].at(-1)?.busyMs ?? 0).toFixed(0)} ms (up) and ` +
            `${(breakdowns.destroy[subject].at(-1)?.busyMs ?? 0).toFixed(0)} ms (destroy) of CPU in the provider process`,
        );
      }
    }
  } finally {
    await Promise.all([stacks.ours.dispose(), stacks.floor.dispose()]);
    rmSync(directories.ours, { recursive: true, force: true });
    rmSync(directories.floor, { recursive: true, force: true });
  }
  return (["up", "destroy"] as const).flatMap((kind) =>
    SUBJECTS.map((subject) => ({ subject, kind, size, runs, ...medianBreakdown(breakdowns[kind][subject]) })),
  );
}

/**
 * Reads and removes the profiles an operation left; returns the provider process's, the one with the most samples
 * (the plugin's launcher writes a tiny one too).
 */
function takeProviderProcessProfile(directory: string): CpuProfile {
  const files = readdirSync(directory).filter((file) => file.endsWith(".cpuprofile"));
  const profiles = files.map((file) => JSON.parse(readFileSync(path.join(directory, file), "utf8")) as CpuProfile);
  for (const file of files) {
    rmSync(path.join(directory, file));
  }
  const [largest] = profiles.sort((a, b) => b.samples.length - a.samples.length);
  if (largest === undefined) {
    throw new Error(`the provider process wrote no CPU profile to ${directory}`);
  }
  return largest;
}

function medianBreakdown(breakdowns: readonly CpuBreakdown[]): CpuBreakdown {
  const categories = [...new Set(breakdowns.flatMap((b) => Object.keys(b.categories)))];
  return {
    busyMs: summarizeTimings(breakdowns.map((b) => b.busyMs)).medianMs,
    categories: Object.fromEntries(categories.map((c) => [c, summarizeTimings(breakdowns.map((b) => b.categories[c] ?? 0)).medianMs])),
  };
}
