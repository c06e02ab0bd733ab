/** Thrown by the control surface when a test asks for something impossible (an unknown app, a duplicate id...). */
export class EmulatorControlError extends Error {
  override readonly name = "EmulatorControlError";

  /**
   * @param message - what was asked and why it cannot be done (never a credential value)
   * @param status - the HTTP status the `/_emulator` mirror answers with
   */
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 = 400,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
