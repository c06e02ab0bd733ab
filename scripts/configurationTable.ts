/**
 * Renders the README's configuration table from the settings catalogue (a build tool, not part of the package):
 * `npx tsx scripts/configurationTable.ts` prints it; test/unit/docs/readme.test.ts checks the README embeds it as is.
 */
import { SETTINGS_CATALOGUE } from "../provider/settings/catalogue";

const code = (text: string): string => `\`${text}\``;

/** The configuration table, GitHub-flavoured markdown, one row per setting in catalogue order. */
export function renderConfigurationTable(): string {
  const rows = SETTINGS_CATALOGUE.map((setting) =>
    [
      code(setting.name) + (setting.kind === "secret" ? " (secret)" : ""),
      code(setting.configKey),
      setting.azureadKey === undefined ? "" : code(setting.azureadKey),
      setting.environment.map(code).join(", "),
      setting.defaultText,
      setting.description,
    ].map((cell) => cell.replace(/\|/g, "\\|")),
  );
  return [
    "| Setting | Stack config | `@pulumi/azuread` config | Environment | Default | Description |",
    "|---|---|---|---|---|---|",
    ...rows.map((cells) => `| ${cells.join(" | ")} |`),
  ].join("\n") + "\n";
}

if (require.main === module) {
  process.stdout.write(renderConfigurationTable());
}
