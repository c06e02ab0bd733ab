/** One `pulumi config set` line of a README, as written there. */
export interface ReadmeConfigSet {
  /** The key as written, e.g. `graphsync:tenantId`, `scimToken` or, with `--path`, `apps[0].name`. */
  readonly key: string;
  /** The value on the line; undefined when the README lets the CLI prompt for it (secrets). */
  readonly value: string | undefined;
  readonly secret: boolean;
  readonly path: boolean;
}

/** The Pulumi commands of a README section's shell blocks: the stack it creates and the config it sets, in order. */
export interface ReadmeRun {
  /** The name given to `pulumi stack init`. */
  readonly stackName: string;
  readonly configSets: readonly ReadmeConfigSet[];
  /** Every `pulumi ...` command line, comments removed, in order. */
  readonly commands: readonly string[];
}

/**
 * Reads the `pulumi` commands a README tells users to run, from the shell blocks (```sh, ```bash) of the section
 * under `heading` (any level), so a test runs exactly those.
 */
export function readmeRun(markdown: string, heading: string): ReadmeRun {
  const section = sectionOf(markdown, heading);
  const lines = [...section.matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)]
    .flatMap((match) => (match[1] ?? "").split("\n"))
    .map((line) => words(line))
    .filter((line) => line[0] === "pulumi");
  const stackName = lines.find((line) => line[1] === "stack" && line[2] === "init")?.[3];
  if (stackName === undefined) {
    throw new Error(`the section "${heading}" has no \`pulumi stack init\``);
  }
  const configSets = lines
    .filter((line) => line[1] === "config" && line[2] === "set")
    .map((line): ReadmeConfigSet => {
      const rest = line.slice(3);
      const positional = rest.filter((word) => !word.startsWith("--"));
      const [key, value] = positional;
      if (key === undefined || positional.length > 2) {
        throw new Error(`cannot read the config command "${line.join(" ")}"`);
      }
      return { key, value, secret: rest.includes("--secret"), path: rest.includes("--path") };
    });
  return { stackName, configSets, commands: lines.map((line) => line.join(" ")) };
}

/** A shell line's words, quotes removed, up to a comment. */
function words(line: string): string[] {
  const found: string[] = [];
  for (const match of line.trim().matchAll(/'[^']*'|"[^"]*"|\S+/g)) {
    if (match[0].startsWith("#")) break;
    found.push(match[0].replace(/^(['"])(.*)\1$/, "$2"));
  }
  return found;
}

/** A markdown section: from its heading to the next heading of the same or a higher level (code blocks skipped). */
function sectionOf(markdown: string, heading: string): string {
  let inFence = false;
  const headingLevels = markdown.split("\n").map((line) => {
    if (line.startsWith("```")) inFence = !inFence;
    return !inFence && /^#{1,6} /.test(line) ? (/^#+/.exec(line)?.[0] ?? "").length : 0;
  });
  const lines = markdown.split("\n");
  const start = lines.findIndex((line, index) => (headingLevels[index] ?? 0) > 0 && line.replace(/^#+ /, "").trim() === heading);
  if (start < 0) {
    throw new Error(`no section "${heading}"`);
  }
  const level = headingLevels[start] ?? 0;
  const end = headingLevels.findIndex((found, index) => index > start && found > 0 && found <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join("\n");
}
