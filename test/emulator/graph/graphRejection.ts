/** One entry of a Graph error's `details` array. */
export interface GraphErrorDetail {
  readonly code: string;
  readonly message: string;
  readonly target?: string;
}

/** The synchronization service's own error, which Graph relays as a JSON string inside `message`. */
interface SynchronizationServiceError {
  readonly code: string;
  readonly message: string;
}

/** The synchronization service's error as Graph relays it: pretty-printed JSON with CRLF line ends, as observed. */
function synchronizationServiceMessage({ code, message }: SynchronizationServiceError): string {
  return JSON.stringify({ error: { code, message } }, null, 2).replace(/\n/g, "\r\n");
}

/** A Graph error the Graph surface answers with, thrown inside a handler and sent by the surface. */
export class GraphRejection extends Error {
  override readonly name = "GraphRejection";
  readonly details: readonly GraphErrorDetail[] | undefined;
  readonly #serviceError: SynchronizationServiceError | undefined;

  /**
   * @param status - HTTP status
   * @param code - Graph's `error.code`
   * @param message - Graph's `error.message` (never a credential value)
   * @param headers - extra response headers (`Retry-After`, `WWW-Authenticate`, `Allow`)
   * @param extras - `details`, or the synchronization service's error that `message` carries as JSON
   */
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    extras: { readonly details?: readonly GraphErrorDetail[]; readonly serviceError?: SynchronizationServiceError } = {},
  ) {
    super(extras.serviceError === undefined ? message : synchronizationServiceMessage(extras.serviceError));
    this.details = extras.details;
    this.#serviceError = extras.serviceError;
  }

  /**
   * A rejection from the synchronization service: Graph answers `UnknownError` with the service's own error as a
   * JSON string in `message` (msgraph-metadata#347).
   */
  static fromSynchronizationService(status: number, code: string, message: string): GraphRejection {
    return new GraphRejection(status, "UnknownError", "", {}, { serviceError: { code, message } });
  }

  /** The `message` sent, with a sentence that repeats part of the request when the echo reading asks for one. */
  wireMessage(echo: string | undefined): string {
    if (echo === undefined) return this.message;
    const service = this.#serviceError;
    if (service !== undefined) {
      return synchronizationServiceMessage({ code: service.code, message: `${service.message} ${echo}` });
    }
    return this.message === "" ? echo : `${this.message} ${echo}`;
  }
}
