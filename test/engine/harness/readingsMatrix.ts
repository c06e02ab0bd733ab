import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import {
  EMULATOR_READINGS, findReading, startEmulator, type Emulator, type EmulatorBehaviour, type GraphOperationEntry,
  type RegisteredApp, type ReplicationAnswer,
} from "../../emulator";
import { CliStack } from "./cli/cliStack";
import { ProjectFolder } from "./cli/projectFolder";

/**
 * The engine test matrix of issue #12: the core lifecycle (create, rotate one key, drop a key, refresh after drift,
 * destroy) through the plain CLI under every reading the emulator can take. Readings of different beliefs combine, so
 * one run holds one reading of each belief, and every reading is in exactly one run; the replication answers belong to
 * single principals, so a run has one replicating principal per answer. Three runs cover the 31 readings.
 */
export interface MatrixRun {
  /** The stack's name, and what the run stands for. */
  readonly name: string;
  /** Readings of the emulator-wide beliefs, applied together when the emulator starts. */
  readonly readings: readonly string[];
  /** Readings of `replicationAnswer`: one replicating principal (and resource) each. */
  readonly replicating: readonly string[];
}

const defaultsExceptReplication = EMULATOR_READINGS.filter((reading) => reading.isDefault && reading.belief !== "replicationAnswer");

/** The runs. Their order matters only for wall time: the slowest first. */
export const MATRIX_RUNS: readonly MatrixRun[] = [
  {
    name: "documented",
    readings: defaultsExceptReplication.map((reading) => reading.name),
    replicating: ["replication-404", "replication-403-authorization-denied"],
  },
  {
    name: "other-readings",
    readings: [
      "put-replace", "json-keys-cloud-sync", "json-empty-string-removes", "json-empty-object-removes", "masked-observed-only",
      "json-read-normalized", "error-echo-json-field", "throttled-costs-a-token", "put-200", "owned-by-cannot-read-secrets",
      "denied-403-authorization-denied",
    ],
    replicating: ["replication-400-no-backing-application-object", "replication-409-concurrency-violation"],
  },
  {
    // Graph at its least helpful: "{}" refused (a JSON-valued key can then never be removed), every value masked (no drift
    // can be seen), error answers that repeat the start of a secret.
    name: "worst-case",
    readings: ["json-empty-object-rejected", "masked-every-key", "error-echo-truncated-value"],
    replicating: ["replication-401-unknown-error"],
  },
];

/** The JSON-valued keys as the reference documents them (§1.5): what the provider writes `"{}"` for. */
export const JSON_VALUED_KEYS: ReadonlySet<string> = new Set(["AppKey", "Domain", "SyncNotificationSettings"]);

/** One resource of a run, on its own service principal. */
export interface MatrixResource {
  readonly name: string;
  readonly servicePrincipalId: string;
  /** The replication answer its principal gives to its first requests, if it replicates. */
  readonly replicating?: ReplicationAnswer;
  /** Whether the app owns the principal (matters to `Application.ReadWrite.OwnedBy`). */
  readonly owned: boolean;
  /** Keys the principal held before Pulumi ran (set in the portal): never the stack's. */
  readonly foreign: Readonly<Record<string, string>>;
  /** The keys it drops in the "drop a key" step: a plain one, and a JSON-valued one. */
  readonly dropped: readonly string[];
}

/** Declared credentials of one resource, as the program passes them (JSON-valued keys as objects). */
export type Declaration = Record<string, string | Record<string, unknown>>;

// The program reads what each step declares from a file the test writes: one program for every step and run, and no
// `pulumi config set` per step. The values still reach the resource as plain strings, as from any program.
const PROGRAM = `import { readFileSync } from "node:fs";
import * as path from "node:path";
import { SynchronizationSecrets } from "pulumi-graph-sync";

const declarations = JSON.parse(readFileSync(path.join(__dirname, "declarations.json"), "utf8")) as Array<{
  name: string;
  servicePrincipalId: string;
  credentials: Record<string, string | Record<string, string | boolean>>;
}>;

export const keys = declarations.map(({ name, servicePrincipalId, credentials }) =>
  new SynchronizationSecrets(name, { servicePrincipalId, credentials }).keys,
);
`;

// The random part first: an error answer that repeats the first characters of a value repeats something unique.
const unique = (label: string): string => `${randomBytes(6).toString("hex")}-${label}`;

/** One run: its emulator (with its readings), app, principals, project and stack, and what each resource declares. */
export class ReadingsRun {
  /** Every secret value any step declared or set out of band: what the leak scan looks for. */
  readonly secretValues: string[] = [];
  readonly declarations = new Map<string, Declaration>();

  private constructor(
    readonly run: MatrixRun,
    readonly emulator: Emulator,
    readonly app: RegisteredApp & { clientSecret: string },
    readonly resources: readonly MatrixResource[],
    readonly project: ProjectFolder,
    readonly stack: CliStack,
  ) {}

  /** Starts the emulator with the run's readings, registers the app and the principals, and initializes the stack. */
  static async start(run: MatrixRun): Promise<ReadingsRun> {
    const behaviour = Object.assign({}, ...run.readings.map((name) => findReading(name).options)) as Partial<EmulatorBehaviour>;
    // A small bucket, so the parallel writes of each step are throttled under both readings of throttledRequestCost.
    const emulator = await startEmulator({ ...behaviour, throttle: { capacity: 3, refillPerSecond: 3 } });
    try {
      return await ReadingsRun.prepare(run, emulator);
    } catch (error) {
      await emulator.close();
      throw error;
    }
  }

  private static async prepare(run: MatrixRun, emulator: Emulator): Promise<ReadingsRun> {
    const registered = emulator.registerApp({ roles: ["Synchronization.ReadWrite.All"] });
    const clientSecret = registered.clientSecret;
    if (clientSecret === undefined) throw new Error("the emulator registered the app without a client secret");
    const app = { ...registered, clientSecret };
    const example: MatrixResource = {
      name: "example",
      servicePrincipalId: emulator.createServicePrincipal({ owners: [app.clientId] }),
      owned: true,
      foreign: { UserName: "portal-user", Password: unique("portal-password") },
      dropped: ["SyncAll", "SyncNotificationSettings"],
    };
    emulator.setStoredSecrets(example.servicePrincipalId, example.foreign);
    const replicating = run.replicating.map((name): MatrixResource => {
      const answer = findReading(name).options.replicationAnswer as ReplicationAnswer;
      // Not owned: under Application.ReadWrite.OwnedBy the app is denied here, so each run shows its denial answer.
      const servicePrincipalId = emulator.createServicePrincipal({ replicationAnswer: answer, replicationRequests: 2 });
      return { name: `replicating-${answer}`, servicePrincipalId, replicating: answer, owned: false, foreign: {}, dropped: ["SyncAll", "Domain"] };
    });
    const project = ProjectFolder.fromProgram({ name: "graphsync-readings", program: PROGRAM });
    const stack = await CliStack.init({ project, stackName: run.name });
    await stack.run([
      "config", "set-all",
      "--plaintext", "graphsync:cloud=custom",
      "--plaintext", `graphsync:graphEndpoint=${emulator.graphEndpoint}`,
      "--plaintext", `graphsync:authorityHost=${emulator.authorityHost}`,
      "--plaintext", `graphsync:tenantId=${emulator.tenantId}`,
      "--plaintext", `graphsync:clientId=${app.clientId}`,
      // Long enough for two replication answers and the backoff between them, short enough to fail fast otherwise.
      "--plaintext", "graphsync:consistencyWindow=30s",
      "--plaintext", "graphsync:debug=true",
    ]);
    await stack.configSet("graphsync:clientSecret", clientSecret, { secret: true });
    const started = new ReadingsRun(run, emulator, app, [example, ...replicating], project, stack);
    started.secretValues.push(clientSecret, example.foreign["Password"] ?? "");
    return started;
  }

  /** The emulator's behaviour: the readings the expectations are computed from. */
  get behaviour(): EmulatorBehaviour {
    return this.emulator.behaviour;
  }

  /** The first declaration of a resource: Graph's documented PUT example for `example` (§1.2), plus two keys. */
  initialDeclaration(resource: MatrixResource): Declaration {
    const token = unique(`${resource.name}-token`);
    const clientSecret = unique(`${resource.name}-client-secret`);
    this.secretValues.push(token, clientSecret);
    return {
      BaseAddress: resource.name === "example" ? "user@domain.com" : `https://${resource.name}.scim.example/v2`,
      SecretToken: token,
      SyncNotificationSettings: { Enabled: false, DeleteThresholdEnabled: false },
      SyncAll: "false",
      ClientSecret: clientSecret,
      Domain: { domain: `${resource.name}.contoso.example` },
    };
  }

  /** A new value for one key of a resource, remembered for the leak scan. */
  newSecret(resource: MatrixResource, key: string): string {
    const value = unique(`${resource.name}-${key}`);
    this.secretValues.push(value);
    return value;
  }

  /** Declares `declaration` for every resource (the program reads it at the next command). */
  declare(declarations: ReadonlyMap<string, Declaration>): void {
    for (const [name, declaration] of declarations) this.declarations.set(name, declaration);
    const file = this.resources.map(({ name, servicePrincipalId }) => ({ name, servicePrincipalId, credentials: this.declarations.get(name) }));
    writeFileSync(path.join(this.project.dir, "declarations.json"), `${JSON.stringify(file, null, 2)}\n`);
  }

  /** The Graph operations since the emulator's log was last cleared, for one principal. */
  operations(resource: MatrixResource, operation: GraphOperationEntry["operation"]): GraphOperationEntry[] {
    return this.emulator.graphOperations({ servicePrincipalId: resource.servicePrincipalId, operations: [operation] });
  }

  /** The URN of a resource in the stack's state. */
  urnOf(resource: MatrixResource): string {
    const urn = this.stack.resources().find((entry) => entry.urn.endsWith(`::${resource.name}`))?.urn;
    if (urn === undefined) throw new Error(`no resource ${resource.name} in state`);
    return urn;
  }

  /** Stops what the run started. */
  async dispose(): Promise<void> {
    this.stack.dispose();
    this.project.dispose();
    await this.emulator.close();
  }
}

/** A declaration as Graph stores it: JSON-valued keys as JSON text. */
export function wireForm(declaration: Declaration): Record<string, string> {
  return Object.fromEntries(Object.entries(declaration).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]));
}

/** Whether two stored values mean the same: equal, or JSON objects with equal members (Graph's order is its own). */
export function sameMeaning(a: string | undefined, b: string | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  try {
    return JSON.stringify(sortedJson(JSON.parse(a))) === JSON.stringify(sortedJson(JSON.parse(b)));
  } catch {
    return false;
  }
}

function sortedJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedJson);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortedJson((value as Record<string, unknown>)[key])]));
}

/**
 * What a key the resource stopped declaring holds after a write Graph accepted, under the emulator's readings (from
 * the reference, §1.6): a plain key written as `""` is gone; a JSON-valued one written as `"{}"` is gone where Graph
 * reads `"{}"` as removing a JSON-valued key, else it stays as `"{}"` (also where Graph holds it as plain text).
 */
export function clearedKeyHolds(behaviour: EmulatorBehaviour, key: string): string | undefined {
  if (!JSON_VALUED_KEYS.has(key)) return undefined;
  const jsonValued = behaviour.jsonValuedKeys.includes(key);
  const emptyObject = behaviour.jsonKeyRules[key]?.emptyObject ?? behaviour.jsonEmptyObject;
  return jsonValued && emptyObject === "removes" ? undefined : "{}";
}

/** Whether Graph refuses the `"{}"` that removing this key writes, under the emulator's readings. */
export function refusesClearing(behaviour: EmulatorBehaviour, key: string): boolean {
  const emptyObject = behaviour.jsonKeyRules[key]?.emptyObject ?? behaviour.jsonEmptyObject;
  return JSON_VALUED_KEYS.has(key) && behaviour.jsonValuedKeys.includes(key) && emptyObject === "rejected";
}

/** The status a replication answer starts with: `403-authorization-denied` -> 403. */
export const statusOf = (answer: string): number => Number(answer.slice(0, 3));
