import * as path from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { SECRET_KEY_NAMES } from "../../../provider/core/keys";
import { createProgram } from "../support/typescriptProgram";

// What the compiler tells a user who declares the resource (issue #16): programs are compiled here as a user's editor
// and `tsc` compile them, against the package's public types, and the diagnostics are read back.

const REPO_ROOT = path.resolve(__dirname, "../../..");
const SNIPPET_DIR = path.join(REPO_ROOT, "test", "unit", "types", "snippets");
const PROGRAM_TIMEOUT_MS = 120_000;

const HEADER = `import * as pulumi from "@pulumi/pulumi";
import { SynchronizationSecrets, type SynchronizationSecretsArgs } from "../../../../provider";
declare const token: pulumi.Output<string>;
declare const principal: pulumi.Output<string>;
export type ArgsInScope = SynchronizationSecretsArgs;
void SynchronizationSecrets;
`;

/** One program per case, as a user would write it. */
const SNIPPETS = {
  mapTypo: `new SynchronizationSecrets("scim", { servicePrincipalId: principal, credentials: { SecretTokn: token } });`,
  mapSettingsTypo: `new SynchronizationSecrets("scim", {
  servicePrincipalId: principal,
  credentials: { SyncNotificationSettings: { Enabled: true, Recipent: "ops@contoso.example" } },
});`,
  listKeyTypo: `new SynchronizationSecrets("scim", { servicePrincipalId: principal, credentials: [{ key: "SecretTokn", value: token }] });`,
  listSettingsTypo: `new SynchronizationSecrets("scim", {
  servicePrincipalId: principal,
  credentials: [{ key: "SyncNotificationSettings", value: { DeleteThresholdValu: 50 } }],
});`,
  appKeyTypo: `new SynchronizationSecrets("sync", { servicePrincipalId: principal, credentials: { AppKey: { appKeyScenario: "AD2AADPasswordHsh" } } });`,
  settingsWrongType: `new SynchronizationSecrets("scim", { servicePrincipalId: principal, credentials: { SyncNotificationSettings: { DeleteThresholdValue: "50" } } });`,
  unknownKeyWithoutOptIn: `new SynchronizationSecrets("scim", { servicePrincipalId: principal, credentials: { SecretToken: token, ProvisioningCanaryKey: "on" } });`,
  validMap: `new SynchronizationSecrets("scim", {
  servicePrincipalId: principal,
  credentials: {
    BaseAddress: "https://scim.contoso.example/v2",
    SecretToken: token,
    SyncNotificationSettings: { Enabled: true, Recipients: "ops@contoso.example", DeleteThresholdEnabled: true, DeleteThresholdValue: 50 },
    SyncAll: false,
  },
  apiVersion: "beta",
});`,
  validList: `new SynchronizationSecrets("sync", {
  servicePrincipalId: principal,
  credentials: [
    { key: "Domain", value: { domain: "contoso.com" } },
    { key: "AppKey", value: { appKeyScenario: "AD2AADProvisioning" } },
    { key: "SyncNotificationSettings", value: JSON.stringify({ Enabled: false }) },
    { key: "SecretToken", value: token },
  ],
});`,
  validArgsVariable: `const args: SynchronizationSecretsArgs = { servicePrincipalId: principal, credentials: { SecretToken: token } };
new SynchronizationSecrets("scim", args);
new SynchronizationSecrets("copy", { ...args, credentials: pulumi.output({ SecretToken: "literal" }) });`,
  validUnknownKeys: `new SynchronizationSecrets("canary", {
  servicePrincipalId: principal,
  allowUnknownKeys: true,
  credentials: { SecretToken: token, ProvisioningCanaryKey: "on", CanaryShape: { a: [1, 2] } },
});
new SynchronizationSecrets("canary-list", {
  servicePrincipalId: principal,
  allowUnknownKeys: true,
  credentials: [{ key: "ProvisioningCanaryKey", value: token }, { key: "SecretToken", value: token }],
});`,
  unknownKeysStillTypeDocumentedKeys: `new SynchronizationSecrets("canary", {
  servicePrincipalId: principal,
  allowUnknownKeys: true,
  credentials: { ProvisioningCanaryKey: "on", SyncNotificationSettings: { Enabeld: true } },
});`,
  keyUnionIsTheCatalogue: `import type { SynchronizationSecretKey } from "../../../../provider";
import type { SecretKeyName } from "../../../../provider/core/keys";
const documented: SynchronizationSecretKey[] = [] as SecretKeyName[];
const catalogue: SecretKeyName[] = [] as SynchronizationSecretKey[];
export { documented, catalogue };`,
} as const;

type SnippetName = keyof typeof SNIPPETS;

describe("the types users declare credentials with", () => {
  const diagnostics = new Map<SnippetName, string[]>();

  beforeAll(() => {
    const files = new Map(
      Object.entries(SNIPPETS).map(([name, body]) => [path.join(SNIPPET_DIR, `${name}.ts`), `${HEADER}${body}\n`] as const),
    );
    const program = createProgram([...files.keys()], files);
    for (const [file] of files) {
      const source = program.getSourceFile(file);
      const found = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
      diagnostics.set(path.basename(file, ".ts") as SnippetName, found.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")));
    }
  }, PROGRAM_TIMEOUT_MS);

  const errorsOf = (name: SnippetName) => (diagnostics.get(name) ?? []).join("\n");

  it("fails a misspelled key in the map form with TypeScript's own suggestion", () => {
    expect(errorsOf("mapTypo")).toContain("Object literal may only specify known properties, but 'SecretTokn' does not exist");
    expect(errorsOf("mapTypo")).toContain("Did you mean to write 'SecretToken'?");
  });

  it("fails a misspelled SyncNotificationSettings field, in the map form and the list form", () => {
    expect(errorsOf("mapSettingsTypo")).toContain("'Recipent' does not exist in type 'SyncNotificationSettings");
    expect(errorsOf("listSettingsTypo")).toContain("'DeleteThresholdValu' does not exist in type 'SyncNotificationSettings");
  });

  it("fails a misspelled key in the list form, and a SyncNotificationSettings field of the wrong type", () => {
    expect(errorsOf("listKeyTypo")).toContain(`Type '"SecretTokn"' is not assignable to type`);
    expect(errorsOf("settingsWrongType")).toContain("Type 'string' is not assignable to type 'number'");
  });

  it("checks the AppKey scenario against the documented ones, with a suggestion", () => {
    expect(errorsOf("appKeyTypo")).toContain(`Did you mean '"AD2AADPasswordHash"'?`);
  });

  it("refuses a key outside the catalogue unless the resource opts in with allowUnknownKeys: true", () => {
    expect(errorsOf("unknownKeyWithoutOptIn")).toContain("'ProvisioningCanaryKey' does not exist");
    expect(errorsOf("unknownKeyWithoutOptIn")).toContain("Property 'allowUnknownKeys' is missing");
    expect(diagnostics.get("validUnknownKeys"), errorsOf("validUnknownKeys")).toEqual([]);
    expect(errorsOf("unknownKeysStillTypeDocumentedKeys")).toContain("'Enabeld' does not exist in type 'SyncNotificationSettings");
  });

  it("accepts what users write: outputs, typed JSON objects or their text, both forms, args kept in a variable", () => {
    expect(diagnostics.get("validMap"), errorsOf("validMap")).toEqual([]);
    expect(diagnostics.get("validList")).toEqual([]);
    expect(diagnostics.get("validArgsVariable")).toEqual([]);
  });

  it("names exactly the 45 documented keys, the catalogue the provider checks against", () => {
    expect(diagnostics.get("keyUnionIsTheCatalogue"), errorsOf("keyUnionIsTheCatalogue")).toEqual([]);
    expect(SECRET_KEY_NAMES).toHaveLength(45);
  });
});
