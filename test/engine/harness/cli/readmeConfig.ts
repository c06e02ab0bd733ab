import type { CliStack } from "./cliStack";
import type { ReadmeRun } from "./readmeCommands";

/**
 * Runs a README's `pulumi config set` lines on `stack`, in the README's order and with its flags. A line keeps the
 * README's value unless `values` gives the test's own (ids of the emulator's objects, and every value the README
 * lets the CLI prompt for, which goes on stdin as a typed answer would). A key the README prompts for without a value
 * from the test, or a value for a key the README never sets, fails: the test runs what the README says, no more.
 *
 * @returns the value each key was set to
 */
export async function applyReadmeConfig(
  stack: CliStack,
  run: ReadmeRun,
  values: Readonly<Record<string, string>>,
): Promise<Record<string, string>> {
  const unknown = Object.keys(values).filter((key) => !run.configSets.some((set) => set.key === key));
  if (unknown.length > 0) {
    throw new Error(`the README sets no ${unknown.join(", ")}; the test gives values for them`);
  }
  const applied: Record<string, string> = {};
  for (const set of run.configSets) {
    const value = values[set.key] ?? set.value;
    if (value === undefined) {
      throw new Error(`the README prompts for ${set.key}; the test gives no value for it`);
    }
    await stack.configSet(set.key, value, { secret: set.secret, path: set.path });
    applied[set.key] = value;
  }
  return applied;
}
