/**
 * Where any of `values` appears in any of `places` (name -> text). Empty when nothing leaked. Also looks for each
 * value's JSON-escaped form, since state and event logs are JSON.
 */
export function findLeaks(places: Readonly<Record<string, string>>, values: readonly string[]): string[] {
  const found: string[] = [];
  for (const [index, value] of values.entries()) {
    const forms = new Set([value, JSON.stringify(value).slice(1, -1)]);
    for (const [place, text] of Object.entries(places)) {
      for (const form of forms) {
        if (text.includes(form) && !found.includes(`secret value #${index} appears in ${place}`)) {
          found.push(`secret value #${index} appears in ${place}`);
        }
      }
    }
  }
  return found;
}

/**
 * Pulumi's Node SDK writes each RegisterResource (and ReadResource, Invoke, Call) response, secret values
 * included, into a debug-level trace of the program runtime ("RegisterResource RPC finished: ... resp: ..."). It
 * reaches the engine event log and the CLI's -v logs for ANY secret, whatever the provider (the smoke test shows
 * it for a plain `pulumi.secret` input), and the CLI prints it only with --debug. The leak scans leave out exactly
 * those traces; everything else is scanned.
 */
export const SDK_RPC_TRACE = /(RegisterResource|ReadResource|Invoke|Call) RPC finished: /;

/** `text` without the lines that carry the SDK's RPC traces. */
export function withoutSdkRpcTraces(text: string): string {
  return text
    .split("\n")
    .filter((line) => !SDK_RPC_TRACE.test(line))
    .join("\n");
}
