/** Request bodies above this size get 413: no legitimate call to the emulator comes close. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Thrown when a request body is larger than the emulator accepts. */
export class RequestBodyTooLargeError extends Error {
  override readonly name = "RequestBodyTooLargeError";

  constructor() {
    super(`The request body exceeds ${MAX_BODY_BYTES} bytes.`);
  }
}
