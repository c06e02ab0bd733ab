/** The `name` of a {@link SettingsError}. */
export const SettingsErrorName = "SettingsError";

/**
 * Provider settings that cannot be used as given: an unknown cloud, a malformed URL, boolean or duration, a custom
 * cloud without its endpoints. The message names the settings and the keys they came from, never their values.
 */
export class SettingsError extends Error {
  /** The keys at fault, e.g. `graphsync:cloud` or `ARM_ENVIRONMENT`. */ readonly keys: readonly string[];

  /**
   * @param message - what is wrong and how to fix it, without any setting's value
   * @param keys - the keys at fault
   */
  constructor(message: string, keys: readonly string[]) {
    super(message);
    this.name = SettingsErrorName;
    this.keys = keys;
  }
}
