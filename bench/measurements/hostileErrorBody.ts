import { randomBytes } from "node:crypto";
import type { FaultSpec } from "../../test/emulator";
import type { EmulatorTenant } from "../../test/engine/harness/emulatorTenant";
import { installedPackage } from "../../test/engine/harness/toolchain";
import { GraphClient } from "../../provider/graph/client";
import { BenchStack } from "../harness/benchStack";
import { summarizeTimings, type TimingSummary } from "../harness/timingSummary";

/** One answer the emulator gives in place of a success: where, and with what text. */
export interface HostileAnswer {
  /** What the text is, for the report. */ readonly name: string;
  /** `graph`: the PUT is answered 400 with this as `error.message`; `identity`: the token request, as the description. */
  readonly surface: "graph" | "identity";
  /** Characters of the text. */ readonly length: number;
  /** The text, built from the secret value declared. */ readonly text: (secret: string) => string;
}

const MIB = 1024 * 1024;
const repeated = (unit: string): ((secret: string) => string) => () => unit.repeat(Math.ceil(MIB / unit.length)).slice(0, MIB);

/** The answers measured: a short one to compare with, and 1 MiB of each shape that once made scrubbing quadratic. */
export const HOSTILE_ANSWERS: readonly HostileAnswer[] = [
  { name: "short Graph error (baseline)", surface: "graph", length: 40, text: () => "Invalid value for SecretToken, rejected." },
  { name: "1 MiB of `eyJ` (JWT starts)", surface: "graph", length: MIB, text: repeated("eyJ") },
  { name: "1 MiB of `eyJa.` (JWT parts)", surface: "graph", length: MIB, text: repeated("eyJa.") },
  { name: "1 MiB of `Bearer `", surface: "graph", length: MIB, text: repeated("Bearer ") },
  { name: "1 MiB of `password=`", surface: "graph", length: MIB, text: repeated("password=") },
  {
    name: "1 MiB echoing the secret value",
    surface: "graph",
    length: MIB,
    text: (secret) => `${secret} `.repeat(Math.ceil(MIB / (secret.length + 1))).slice(0, MIB),
  },
  {
    name: "1 MiB of `eyJ` packed as the sync service's JSON",
    surface: "graph",
    length: MIB,
    text: () => JSON.stringify({ error: { code: "InvalidCredentials", message: "eyJ".repeat(Math.ceil(MIB / 3)).slice(0, MIB) } }),
  },
  { name: "short Entra error (baseline)", surface: "identity", length: 40, text: () => "The request is not valid for this client." },
  { name: "1 MiB of `eyJ` as Entra's description", surface: "identity", length: MIB, text: repeated("eyJ") },
];

/** What the failure of each kind of answer says first: the provider's own error, not a crash. */
const EXPECTED_FAILURE = { graph: "as invalid (400", identity: "Authentication failed with the client secret" } as const;

/** How one answer was handled: by the Graph client alone, and by a whole `pulumi up`. */
export interface HostileAnswerResult {
  readonly answer: string;
  readonly surface: "graph" | "identity";
  readonly length: number;
  /** From `putSecrets` to its rejection, in this process (Graph answers only). */ readonly client?: TimingSummary;
  /** From the Automation API's `up` to its failure: CLI, engine, program and provider process included. */
  readonly up: TimingSummary;
  /** Characters of the longest line the failed `up` printed: the provider's error, as the engine shows it. */
  readonly shownChars: number;
}

/** What the measurement found. */
export interface HostileErrorBodyReport {
  readonly runs: number;
  readonly results: readonly HostileAnswerResult[];
}

/** The fault that serves an answer's text to the next matching request. */
function faultFor(answer: HostileAnswer, secret: string): FaultSpec {
  return answer.surface === "graph"
    ? { kind: "status", status: 400, method: "PUT", message: answer.text(secret) }
    : { kind: "status", status: 400, surface: "identity", method: "POST", pathIncludes: "/oauth2/v2.0/token", message: answer.text(secret) };
}

/**
 * Each answer `runs` times: first against the Graph client in this process (its own share of the time), then as the
 * answer to a `pulumi up` of one resource. Every failure must be ours, name no secret and stay short; a run that does
 * not fail, or shows the secret, stops the measurement.
 */
export async function measureHostileErrorBodies(
  tenant: EmulatorTenant,
  runs: number,
  progress: (line: string) => void,
): Promise<HostileErrorBodyReport> {
  const secret = `hostile-bench-${randomBytes(12).toString("base64url")}`;
  const principal = tenant.newServicePrincipal();
  const { SynchronizationSecrets } = installedPackage();
  const stack = await BenchStack.create({
    projectName: "graphsync-bench-hostile",
    config: tenant.config,
    program: async () => {
      new SynchronizationSecrets("hostile", { servicePrincipalId: principal, credentials: { SecretToken: secret } });
    },
  });
  const results: HostileAnswerResult[] = [];
  try {
    for (const answer of HOSTILE_ANSWERS) {
      const client = answer.surface === "graph" ? await clientTimings(tenant, answer, secret, principal, runs) : undefined;
      const ups: number[] = [];
      let shownChars = 0;
      for (let run = 0; run < runs; run += 1) {
        tenant.emulator.reset();
        tenant.emulator.injectFault(faultFor(answer, secret));
        const started = performance.now();
        const failure = await stack.up().then(
          () => undefined,
          (error: unknown) => String(error),
        );
        ups.push(performance.now() - started);
        if (failure === undefined) throw new Error(`the up answered with ${answer.name} succeeded`);
        if (failure.includes(secret)) throw new Error(`the up answered with ${answer.name} showed the secret`);
        if (!failure.includes(EXPECTED_FAILURE[answer.surface])) throw new Error(`the up answered with ${answer.name} failed otherwise`);
        shownChars = Math.max(shownChars, ...failure.split("\n").map((line) => line.length));
      }
      const up = summarizeTimings(ups);
      results.push({ answer: answer.name, surface: answer.surface, length: answer.length, ...(client && { client }), up, shownChars });
      progress(`${answer.name}: up fails in ${(up.medianMs / 1000).toFixed(1)} s (median of ${runs})`);
    }
  } finally {
    await stack.dispose();
  }
  return { runs, results };
}

/** The Graph client alone, in this process, against the same answer. */
async function clientTimings(
  tenant: EmulatorTenant,
  answer: HostileAnswer,
  secret: string,
  principal: string,
  runs: number,
): Promise<TimingSummary> {
  const token = tenant.emulator.issueAccessToken({ clientId: tenant.app.clientId, roles: tenant.app.roles });
  const client = new GraphClient({ graphEndpoint: tenant.emulator.graphEndpoint, getAccessToken: () => Promise.resolve(token) });
  const timings: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    tenant.emulator.injectFault(faultFor(answer, secret));
    const started = performance.now();
    const failure = await client.putSecrets(principal, "v1.0", [{ key: "SecretToken", value: secret }]).then(
      () => undefined,
      (error: unknown) => error,
    );
    timings.push(performance.now() - started);
    if (!(failure instanceof Error) || failure.message.includes(secret) || failure.message.length > 2_000) {
      throw new Error(`the Graph client answered with ${answer.name} did not fail as it should`);
    }
  }
  return summarizeTimings(timings);
}
