/** The `name` of every {@link SecretsInputError}. */
export const SecretsInputErrorName = "SecretsInputError";

/**
 * Thrown by the core's normalizing functions when given input that `checkInputs` would have rejected. The
 * lifecycle only passes checked inputs, so this signals a bug, never user error. The message names the property
 * at fault and never repeats a value.
 */
export class SecretsInputError extends Error {
  /** The property at fault, e.g. `credentials.Domain` or `servicePrincipalId`. */
  readonly property: string;

  /**
   * @param property - the property at fault
   * @param reason - why it cannot be used; must not contain the value
   * @param options - `cause`: the underlying error; never one whose message quotes the input (V8's JSON
   *   parse errors do, so they are not passed on)
   */
  constructor(property: string, reason: string, options?: { cause?: unknown }) {
    super(`${property}: ${reason}`, options);
    this.name = SecretsInputErrorName;
    this.property = property;
  }
}
