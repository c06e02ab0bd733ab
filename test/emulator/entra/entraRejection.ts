/** An Entra (AADSTS) error the token endpoint answers with. Never carries a credential value. */
export class EntraRejection extends Error {
  override readonly name = "EntraRejection";

  /**
   * @param status - HTTP status (400 for request errors, 401 for failed client authentication)
   * @param error - the OAuth `error` (`invalid_client`, `invalid_request`, `unauthorized_client`, ...)
   * @param aadsts - the AADSTS number
   * @param description - Entra's description, without the AADSTS prefix or the trace suffix
   */
  constructor(
    readonly status: 400 | 401,
    readonly error: string,
    readonly aadsts: number,
    readonly description: string,
  ) {
    super(`AADSTS${aadsts}: ${description}`);
  }
}
