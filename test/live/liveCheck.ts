import { ownedByReads, replicationAnswers, throttling } from "./accessProbes";
import type { LiveCheckOptions } from "./liveOptions";
import { reportRow, type LiveReport } from "./liveReport";
import { ProbeClient } from "./probeClient";
import {
  errorEcho, jsonValuedKeys, jsonValueOnRead, maskedKeys, plainEmptyString, PROBE_MARK, ProbeContext, putSemantics, putSuccessStatus,
  type Finding,
} from "./secretProbes";

/** The check refused to start: the principal holds keys it did not write. Names the keys, never a value. */
export class LiveCheckRefusal extends Error {
  override readonly name = "LiveCheckRefusal";
}

// Settings that choose or feed a credential: the OwnedBy app must not inherit the main app's certificate or token.
const CREDENTIAL_VARIABLE = /^(AZURE_CLIENT_|ARM_CLIENT_|ARM_OIDC|ARM_USE_|ARM_ADO_|AZURE_FEDERATED|ACTIONS_ID_TOKEN|SYSTEM_|IDENTITY_|MSI_)/;

/**
 * Establishes, against a real tenant through the provider's own settings, credential, Graph client and transport, each
 * belief the emulator holds as a setting, and names the emulator reading that matches what the tenant did. It writes
 * only to the throwaway principal it is given, and only when that principal holds nothing but what an earlier run of
 * the check left there; it clears every key it wrote at the end (and deletes the application it may create).
 */
export async function runLiveCheck(options: LiveCheckOptions, progress: (line: string) => void = () => undefined): Promise<LiveReport> {
  const client = ProbeClient.create(options.config, options.env);
  const ownedBy = options.ownedBy === undefined ? undefined : ownedByClient(options);
  const context = new ProbeContext(client, options.servicePrincipalId);
  const before = await context.list();
  const foreign = [...before].filter(([, value]) => value !== "{}" && !value.includes(PROBE_MARK)).map(([key]) => key);
  if (foreign.length > 0) {
    throw new LiveCheckRefusal(
      `Service principal ${options.servicePrincipalId} holds keys this check did not write (${foreign.sort().join(", ")}); ` +
        "it changes nothing there. Give it a throwaway service principal without synchronization secrets.",
    );
  }
  const findings: Finding[] = [];
  const ask = async (what: string, probe: () => Promise<Finding | Finding[]>) => {
    progress(`asking: ${what}`);
    findings.push(...[await probe()].flat());
  };
  let restored: LiveReport["restored"];
  try {
    await ask("merge or replace", () => putSemantics(context));
    await ask('"" on a plain key', () => plainEmptyString(context));
    await ask('JSON-valued keys, "" and "{}"', () => jsonValuedKeys(context));
    await ask("masking per key", () => maskedKeys(context));
    await ask("JSON values on read", () => jsonValueOnRead(context));
    await ask("echoes in error answers", () => errorEcho(context));
    await ask("the status of a PUT", () => putSuccessStatus(context));
    await ask("reads with Application.ReadWrite.OwnedBy", () => ownedByReads(context, ownedBy));
    const denialKnown = findings.some((finding) => finding.belief === "permissionDenied" && finding.value !== undefined);
    const replication = { createPrincipal: options.createPrincipal, timeoutMs: options.replicationTimeoutMs, denialKnown, ...(ownedBy && { ownedBy }) };
    await ask("a principal created seconds ago", () => replicationAnswers(context, replication));
    await ask("throttling", () => throttling(context, options.throttleBudget));
  } finally {
    progress("clearing what the check wrote");
    restored = await restore(context);
  }
  if (!findings.some((finding) => finding.belief === "permissionDenied")) {
    findings.push({ belief: "permissionDenied", question: "How does Graph deny a call without permission?", observed: "not asked: no call was denied" });
  }
  return { servicePrincipalId: options.servicePrincipalId, rows: findings.map(reportRow), restored };
}

/** A client for the OwnedBy app: the main app's endpoints and tenant, its own id and secret, no inherited credential. */
function ownedByClient(options: LiveCheckOptions): ProbeClient {
  const env = Object.fromEntries(Object.entries(options.env).filter(([name]) => !CREDENTIAL_VARIABLE.test(name)));
  const { clientId, clientSecret } = options.ownedBy ?? { clientId: "", clientSecret: "" };
  return ProbeClient.create({ ...options.config, "graphsync:clientId": clientId, "graphsync:clientSecret": clientSecret }, env);
}

/**
 * Clears every key the check wrote: plain keys with `""`, JSON-valued ones with `"{}"` (or `""` where the tenant takes
 * that and refuses `"{}"`). Whatever still holds a probe value afterwards is reported, never hidden.
 */
async function restore(context: ProbeContext): Promise<LiveReport["restored"]> {
  const keys = [...context.written].sort();
  const clearing = (key: string, json: boolean) => ({ key, value: json && context.jsonValued.includes(key) ? "{}" : "" });
  const done = new Map<string, string>();
  const put = async (pairs: Array<{ key: string; value: string }>) => {
    const refused = await context.client.put(context.servicePrincipalId, pairs);
    if (refused === undefined) for (const pair of pairs) done.set(pair.key, pair.value);
    return refused === undefined;
  };
  if (keys.length > 0 && !(await put(keys.map((key) => clearing(key, true))))) {
    // Refused whole: the plain keys in one PUT, then each JSON-valued key alone, with "{}" and else "".
    const json = keys.filter((key) => context.jsonValued.includes(key));
    await put(keys.filter((key) => !json.includes(key)).map((key) => clearing(key, false)));
    for (const key of json) if (!(await put([clearing(key, true)]))) await put([clearing(key, false)]);
  }
  // A key written as "{}" stays (and may come back masked); one written as "" must be gone.
  const after = await context.list();
  const left = keys.filter((key) => !done.has(key) || (done.get(key) === "" && after.has(key)));
  return { cleared: keys.filter((key) => !left.includes(key)), left };
}
