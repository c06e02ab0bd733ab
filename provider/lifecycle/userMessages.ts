/**
 * Tells the person running Pulumi something they should know (a key that drifted, a JSON-valued key that Graph
 * cannot remove). A dynamic provider has no channel to the engine's diagnostics; the engine shows what the provider
 * process writes to stderr, as a message of the stack (not of the resource), so every message names the service
 * principal. Key names and principal ids only, never a value.
 */
export function tellUser(message: string): void {
  process.stderr.write(`graphsync: ${message}\n`);
}
