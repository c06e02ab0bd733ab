/** The engine operations the CLI runs. */
export type OperationKind = "preview" | "up" | "refresh" | "destroy";

/** One resource step the engine planned or performed. */
export interface OperationStep {
  /** `create`, `same`, `update`, `delete`, `refresh`, `create-replacement`, ... */
  readonly op: string;
  /** The resource type token, e.g. `pulumi-nodejs:dynamic/graphsync:SynchronizationSecrets`. */
  readonly type: string;
  /** The resource name (the URN's last part). */
  readonly name: string;
}

/** A diagnostic the engine reported (the provider's stderr among them). */
export interface OperationDiagnostic {
  readonly severity: string;
  readonly message: string;
}

/** What an operation did, read from its `--json` output (or, for a text display, from its summary). */
export interface OperationOutcome {
  readonly kind: OperationKind;
  readonly display: "json" | "text";
  /**
   * Resource steps, the Stack's included; `preview --json` lists only the resources that change (and the Stack).
   * Empty for a text display, which the harness does not parse.
   */
  readonly steps: readonly OperationStep[];
  /** The change counts, e.g. `{ create: 2 }` (the Stack is one of them). */
  readonly changes: Readonly<Record<string, number>>;
  /** Diagnostics (JSON only), debug ones left out. */
  readonly diagnostics: readonly OperationDiagnostic[];
  /** The stack's outputs after an `up` (JSON only); undefined otherwise. */
  readonly stackOutputs?: Readonly<Record<string, unknown>>;
}

/** The type token of the stack resource every program has, whether it declares anything or not. */
export const STACK_TYPE = "pulumi:pulumi:Stack";

interface StepMetadata {
  op?: string;
  urn?: string;
  type?: string;
  new?: { outputs?: Record<string, unknown> } | null;
}

interface JsonPreview {
  steps?: Array<{ op?: string; urn?: string; newState?: { type?: string }; oldState?: { type?: string } }>;
  diagnostics?: Array<{ severity?: string; message?: string }>;
  changeSummary?: Record<string, number>;
}

interface EngineEvent {
  resourcePreEvent?: { metadata?: StepMetadata };
  resOutputsEvent?: { metadata?: StepMetadata };
  summaryEvent?: { resourceChanges?: Record<string, number> };
  diagnosticEvent?: { severity?: string; message?: string };
}

/**
 * Reads `--json` output. `pulumi preview --json` prints one JSON document; `up`, `refresh` and `destroy` print the
 * plan as one document and then the engine's events, one per line, which describe what was done.
 */
export function outcomeOfJson(kind: OperationKind, stdout: string): OperationOutcome {
  const values = splitJsonValues(stdout);
  if (kind === "preview") {
    const preview = (values[0] ?? {}) as JsonPreview;
    return {
      kind,
      display: "json",
      steps: (preview.steps ?? []).map((step) => toStep(step.op, step.urn, step.newState?.type ?? step.oldState?.type)),
      changes: { ...(preview.changeSummary ?? {}) },
      diagnostics: (preview.diagnostics ?? []).filter(notDebug).map(toDiagnostic),
    };
  }
  const events = values.filter((value): value is EngineEvent => typeof value === "object" && value !== null && "sequence" in value);
  const steps = events.flatMap((event) => {
    const meta = event.resourcePreEvent?.metadata;
    return meta === undefined ? [] : [toStep(meta.op, meta.urn, meta.type)];
  });
  const stackOutputs = events
    .map((event) => event.resOutputsEvent?.metadata)
    .find((meta) => meta?.type === STACK_TYPE)?.new?.outputs;
  return {
    kind,
    display: "json",
    steps,
    changes: { ...(events.find((event) => event.summaryEvent)?.summaryEvent?.resourceChanges ?? {}) },
    diagnostics: events.flatMap((event) => (event.diagnosticEvent && notDebug(event.diagnosticEvent) ? [toDiagnostic(event.diagnosticEvent)] : [])),
    ...(kind === "up" ? { stackOutputs: stackOutputs ?? {} } : {}),
  };
}

/**
 * Reads the last `Resources:` summary of a text display (an `up` prints its preview's first), e.g. `+ 2 to create`,
 * or `+ 1 created` and `1 unchanged`, into change counts keyed by their words (`to create`, `created`, `unchanged`).
 */
export function outcomeOfText(kind: OperationKind, stdout: string): OperationOutcome {
  const changes: Record<string, number> = {};
  const summary = [...stdout.matchAll(/^Resources:\n((?:[ \t]+.*\n?)+)/gm)].pop()?.[1] ?? "";
  for (const line of summary.split("\n")) {
    const match = /^\s*[-+~]*\s*(\d+) (.+?)\s*$/.exec(line);
    if (match) {
      changes[match[2] ?? ""] = Number(match[1]);
    }
  }
  return { kind, display: "text", steps: [], changes, diagnostics: [] };
}

/**
 * How many resources an operation touched or planned, the Stack included: the larger of the distinct resources in its
 * steps and its change counts (`preview --json` leaves unchanged resources out of its steps, but counts them).
 */
export function resourceCount(outcome: OperationOutcome): number {
  const inSteps = new Set(outcome.steps.map((step) => `${step.type}::${step.name}`)).size;
  const counted = Object.values(outcome.changes).reduce((sum, count) => sum + count, 0);
  return Math.max(inSteps, counted);
}

/** Splits text holding JSON documents one after the other (pretty-printed or one per line) into their values. */
export function splitJsonValues(text: string): unknown[] {
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (escaped) escaped = false;
      else if (char === "\\") escaped = true;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
    } else if (char === "{" || char === "[") {
      if (depth === 0) start = index;
      depth += 1;
    } else if (char === "}" || char === "]") {
      depth -= 1;
      if (depth === 0 && start >= 0) {
        values.push(JSON.parse(text.slice(start, index + 1)) as unknown);
        start = -1;
      }
    }
  }
  return values;
}

function toStep(op: string | undefined, urn: string | undefined, type: string | undefined): OperationStep {
  return { op: op ?? "", type: type ?? "", name: urn?.split("::").pop() ?? "" };
}

function notDebug(diagnostic: { severity?: string }): boolean {
  return diagnostic.severity !== "debug";
}

function toDiagnostic(diagnostic: { severity?: string; message?: string }): OperationDiagnostic {
  return { severity: diagnostic.severity ?? "", message: diagnostic.message ?? "" };
}
