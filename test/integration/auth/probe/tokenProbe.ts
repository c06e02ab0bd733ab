// Runs in a child process with exactly the environment a test gives it, as the dynamic provider's process would:
// resolves settings from PROBE_STACK_CONFIG (JSON) and the environment, asks for one token, prints one JSON line.
import { createAccessTokenSource } from "../../../../provider/auth/tokenSource";
import { resolveSettings } from "../../../../provider/settings/providerSettings";

/** What the probe prints. */
export type ProbeResult =
  | { readonly ok: true; readonly plan: string; readonly claims: Record<string, unknown> }
  | {
      readonly ok: false;
      readonly plan?: string;
      readonly name: string;
      readonly message: string;
      readonly missingSettings?: readonly string[];
      readonly defaultChainTried?: readonly string[];
      readonly shown: string;
    };

function print(result: ProbeResult): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env["PROBE_STACK_CONFIG"] ?? "{}") as Record<string, string>;
  delete process.env["PROBE_STACK_CONFIG"];
  let plan: string | undefined;
  try {
    const settings = resolveSettings({ get: (key) => config[key] }, process.env);
    plan = settings.credential.kind;
    const token = await createAccessTokenSource(settings).getAccessToken();
    const payload = token.split(".")[1] ?? "";
    print({ ok: true, plan, claims: JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown> });
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    const shown: string[] = [];
    for (let current: unknown = failure; current instanceof Error; current = current.cause) {
      shown.push(current.name, current.message, current.stack ?? "", JSON.stringify(current));
    }
    const details = failure as { missingSettings?: readonly string[]; defaultChainTried?: readonly string[] };
    print({
      ok: false,
      ...(plan === undefined ? {} : { plan }),
      name: failure.name,
      message: failure.message,
      ...(details.missingSettings === undefined ? {} : { missingSettings: details.missingSettings }),
      ...(details.defaultChainTried === undefined ? {} : { defaultChainTried: details.defaultChainTried }),
      shown: shown.join("\n"),
    });
  }
}

void main();
