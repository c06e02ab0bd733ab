/**
 * A `pulumi preview` or `pulumi up` whose program registered no resource but the Stack: what a CommonJS program with
 * an `export default` function does under the Node.js runtime, which never calls it. The harness raises it so such a
 * program fails its test instead of passing with nothing checked.
 */
export class ProgramDeclaresNothingError extends Error {
  override readonly name = "ProgramDeclaresNothingError";

  /**
   * @param command - the command as run, e.g. `pulumi up --yes --json`
   * @param projectDir - the project folder whose program it ran
   */
  constructor(
    readonly command: string,
    readonly projectDir: string,
  ) {
    super(
      `${command} in ${projectDir} registered no resource but the Stack: the program declares nothing under the Node.js ` +
        "runtime (an `export default` function is never called in a CommonJS project; declare resources at the top " +
        "level, or `export = async () => { ... }`).",
    );
  }
}
