import { randomBytes } from "node:crypto";
import type { ProbeClient, RawAnswer } from "./probeClient";
import { PROBE_MARK, type Finding, type ProbeContext } from "./secretProbes";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An answer in words: status and codes, never a body. */
const describe = (answer: RawAnswer): string => [answer.status, answer.code, answer.innerCode].filter(Boolean).join(" ");

/** The `permissionDenied` reading an answer matches, if it is a denial. */
function denial(answer: RawAnswer): string | undefined {
  if (answer.status === 401 && !/token/i.test(answer.code ?? "")) return "401-unknown-error";
  if (answer.status === 403 && answer.code === "Authorization_RequestDenied") return "403-authorization-denied";
  return undefined;
}

/** The `replicationAnswer` reading an answer of a principal seconds old matches (reference §1.3, §2.6). */
function replicationReading(answer: RawAnswer): string | undefined {
  if (answer.status === 404 && /^(Request_)?ResourceNotFound$/.test(answer.code ?? "")) return "404-not-found";
  if (answer.status === 400 && answer.innerCode === "NoBackingApplicationObject") return "400-no-backing-application-object";
  if (answer.status === 403 && answer.code === "Authorization_RequestDenied") return "403-authorization-denied";
  if (answer.status === 409) return "409-concurrency-violation";
  if (answer.status === 401 && !/token/i.test(answer.code ?? "")) return "401-unknown-error";
  return undefined;
}

/** §1.4: may an identity with only `Application.ReadWrite.OwnedBy` (an owner of the principal) read its secrets? */
export async function ownedByReads(context: ProbeContext, ownedBy: ProbeClient | undefined): Promise<Finding[]> {
  const question = "May an owner with only Application.ReadWrite.OwnedBy read the secrets?";
  if (ownedBy === undefined) {
    return [{ belief: "ownedByReadsSecrets", question, observed: "not asked: set GRAPHSYNC_LIVE_OWNED_BY_CLIENT_ID and _SECRET" }];
  }
  const answer = await ownedBy.raw("GET", `/servicePrincipals/${context.servicePrincipalId}/synchronization/secrets`);
  if (answer.status === 200) return [{ belief: "ownedByReadsSecrets", question, observed: "yes (200)", value: true }];
  const denied = denial(answer);
  if (denied === undefined) return [{ belief: "ownedByReadsSecrets", question, observed: `unclear (${describe(answer)})` }];
  return [
    { belief: "ownedByReadsSecrets", question, observed: `no (${describe(answer)})`, value: false },
    { belief: "permissionDenied", question: "How does Graph deny a call without permission?", observed: describe(answer), value: denied },
  ];
}

/**
 * What does a service principal created seconds ago answer? The check creates an application and its principal as a
 * user's stack would, writes to the principal at once and until Graph takes the write, then deletes the application
 * (and so the principal). An app that may not write to the new principal (the OwnedBy one, not its owner) shows how
 * Graph denies a call, when that is not known yet.
 */
export async function replicationAnswers(
  context: ProbeContext,
  options: { createPrincipal: boolean; timeoutMs: number; ownedBy?: ProbeClient; denialKnown: boolean },
): Promise<Finding[]> {
  const question = "What does a service principal created seconds ago answer?";
  if (!options.createPrincipal) return [{ belief: "replicationAnswer", question, observed: "not asked: set GRAPHSYNC_LIVE_CREATE_PRINCIPAL=true" }];
  const { client } = context;
  const application = await client.raw("POST", "/applications", { displayName: `${PROBE_MARK}-${randomBytes(4).toString("hex")}` });
  if (application.status !== 201) return [{ belief: "replicationAnswer", question, observed: `could not create an application (${describe(application)})` }];
  const { id, appId } = JSON.parse(application.body) as { id: string; appId: string };
  try {
    const started = Date.now();
    let principal = await client.raw("POST", "/servicePrincipals", { appId });
    // The principal of an application created a moment ago may itself wait for the application to replicate.
    while (principal.status === 400 && principal.innerCode === "NoBackingApplicationObject" && Date.now() - started < options.timeoutMs) {
      await sleep(1_000);
      principal = await client.raw("POST", "/servicePrincipals", { appId });
    }
    if (principal.status !== 201) return [{ belief: "replicationAnswer", question, observed: `could not create its service principal (${describe(principal)})` }];
    const servicePrincipalId = (JSON.parse(principal.body) as { id: string }).id;
    const written = Date.now();
    const answers: RawAnswer[] = [];
    let answer = await client.putRaw(servicePrincipalId, [{ key: "UserName", value: context.value() }]);
    while (answer.status >= 300 && Date.now() - written < options.timeoutMs) {
      answers.push(answer);
      await sleep(250);
      answer = await client.putRaw(servicePrincipalId, [{ key: "UserName", value: context.value() }]);
    }
    const [first] = answers;
    const took = answer.status < 300 ? `then ${answer.status} after ${((Date.now() - written) / 1_000).toFixed(1)} s` : "and never took the write";
    const observed = first === undefined ? `took the first write (${answer.status}): no replication seen` : `${describe(first)} ${answers.length} time(s), ${took}`;
    const reading = first === undefined ? undefined : replicationReading(first);
    const findings: Finding[] = [{ belief: "replicationAnswer", question, observed, ...(reading && { value: reading }) }];
    if (options.ownedBy !== undefined && !options.denialKnown) {
      const refused = await options.ownedBy.putRaw(servicePrincipalId, [{ key: "UserName", value: context.value() }]);
      const denied = denial(refused);
      const denialQuestion = "How does Graph deny a call without permission?";
      findings.push({ belief: "permissionDenied", question: denialQuestion, observed: describe(refused), ...(denied && { value: denied }) });
    }
    return findings;
  } finally {
    await client.raw("DELETE", `/applications/${id}`);
  }
}

/**
 * §4: does a throttled request still cost a token? Writes until Graph answers 429, asks again at once, and compares the
 * two waits: a refused request that costs a token makes the second wait longer. Also notes how Retry-After is written
 * and which throttling headers come. Spends at most `budget` writes; waits out the last Retry-After.
 */
export async function throttling(context: ProbeContext, budget: number): Promise<Finding> {
  const question = "Does a throttled request still cost a token?";
  const write = () => context.client.putRaw(context.servicePrincipalId, [{ key: "UserName", value: context.value() }]);
  const first = await write();
  context.written.add("UserName");
  const headerNames = Object.keys(first.headers).filter((name) => name.startsWith("x-ms-")).sort();
  const headers = `headers on a write: ${headerNames.join(", ") || "none of x-ms-*"}`;
  if (budget === 0) return { belief: "throttledRequestCost", question, observed: `not asked: set GRAPHSYNC_LIVE_THROTTLE_BUDGET; ${headers}` };
  let throttled: RawAnswer | undefined;
  let writes = 1;
  for (; writes < budget && throttled === undefined; writes += 1) {
    const answer = await write();
    if (answer.status === 429) throttled = answer;
  }
  if (throttled === undefined) return { belief: "throttledRequestCost", question, observed: `no 429 in ${writes} writes; ${headers}` };
  const again = await write();
  const waits = [throttled, again].map((answer) => Number(answer.headers["retry-after"] ?? Number.NaN));
  const [before = Number.NaN, after = Number.NaN] = waits;
  await sleep(Math.min(180, Math.max(before, after, 0)) * 1_000 + 100);
  if (again.status !== 429 || Number.isNaN(before) || Number.isNaN(after)) {
    return { belief: "throttledRequestCost", question, observed: `429 after ${writes} writes, but no second Retry-After to compare; ${headers}` };
  }
  const format = waits.some((wait) => !Number.isInteger(wait)) ? "fractional seconds" : "whole seconds";
  const scopeHeader = throttled.headers["x-ms-throttle-scope"]?.replace(/[^A-Za-z0-9_]/g, "").slice(0, 64);
  const scope = scopeHeader ? `x-ms-throttle-scope ${scopeHeader}` : "no x-ms-throttle-scope";
  const costs = after > before;
  const observed =
    `429 after ${writes} writes; Retry-After in ${format} (${before} s, then ${after} s when asked again at once: ` +
    `${costs ? "longer, so the refused request cost a token" : "not longer"}); ${scope}; ${headers}`;
  return { belief: "throttledRequestCost", question, observed, value: costs ? "one-token" : "nothing" };
}
