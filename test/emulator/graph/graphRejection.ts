/** A Graph error the secrets API answers with, thrown inside the handler and sent by its caller. */
export class GraphRejection extends Error {
  override readonly name = "GraphRejection";

  /**
   * @param status - HTTP status
   * @param code - Graph's `error.code`
   * @param message - Graph's `error.message` (never a credential value)
   * @param headers - extra response headers (`Retry-After`, `WWW-Authenticate`, `Allow`)
   */
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}
