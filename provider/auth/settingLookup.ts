import { parseDuration } from "./duration";
import { SettingsError } from "./errors/settingsError";
import { type SettingName, settingKeys } from "./settingsCatalogue";

/** Stack config as the dynamic provider's `configure` sees it: full namespaced keys, string values. */
export interface ConfigSource {
  /** The value of a full key such as `graphsync:tenantId` or `azuread:clientId`, or undefined when unset. */
  get(key: string): string | undefined;
}

/** A setting's value and the key it was read from (for messages and the debug log; never log `value`). */
export interface FoundSetting<T> {
  /** The value, trimmed. */
  readonly value: T;
  /** The key it came from, e.g. `azuread:clientId` or `ARM_CLIENT_ID`. */
  readonly source: string;
}

const TRUE_TEXT: ReadonlySet<string> = new Set(["true", "1", "yes"]);
const FALSE_TEXT: ReadonlySet<string> = new Set(["false", "0", "no"]);

/**
 * Finds each setting in stack config and the environment, first match wins, in the order the settings catalogue
 * gives: `graphsync:` config, `azuread:` config, then the environment variables. Blank values count as unset, so an
 * empty `ARM_CLIENT_SECRET` in a pipeline does not hide `AZURE_CLIENT_SECRET`.
 */
export class SettingLookup {
  private readonly config: ConfigSource;
  private readonly env: Readonly<Record<string, string | undefined>>;

  /**
   * @param config - Stack config with namespaced keys.
   * @param env - The provider process's environment.
   */
  constructor(config: ConfigSource, env: Readonly<Record<string, string | undefined>>) {
    this.config = config;
    this.env = env;
  }

  /** The first non-blank value of a setting, as text. */
  text(name: SettingName): FoundSetting<string> | undefined {
    for (const key of settingKeys(name)) {
      const raw = key.includes(":") ? this.config.get(key) : this.env[key];
      const value = raw?.trim();
      if (value !== undefined && value !== "") {
        return { value, source: key };
      }
    }
    return undefined;
  }

  /** A boolean setting (`true`/`false`, also `1`/`0` and `yes`/`no` as environment variables often use). */
  boolean(name: SettingName): FoundSetting<boolean> | undefined {
    const found = this.text(name);
    if (found === undefined) {
      return undefined;
    }
    const lower = found.value.toLowerCase();
    if (TRUE_TEXT.has(lower)) {
      return { value: true, source: found.source };
    }
    if (FALSE_TEXT.has(lower)) {
      return { value: false, source: found.source };
    }
    throw new SettingsError(`${found.source} (setting ${name}) must be true or false.`, [found.source]);
  }

  /** An https URL setting, normalized without a trailing slash. Query strings and user info are refused. */
  httpsUrl(name: SettingName, options: { allowQuery?: boolean } = {}): FoundSetting<string> | undefined {
    const found = this.text(name);
    if (found === undefined) {
      return undefined;
    }
    let url: URL;
    try {
      url = new URL(found.value);
    } catch {
      throw new SettingsError(`${found.source} (setting ${name}) is not a URL.`, [found.source]);
    }
    const queryRefused = !options.allowQuery && url.search !== "";
    if (url.protocol !== "https:" || url.username !== "" || url.password !== "" || url.hash !== "" || queryRefused) {
      throw new SettingsError(
        `${found.source} (setting ${name}) must be an https URL without ` +
          (options.allowQuery ? "credentials or fragment." : "credentials, fragment or query string."),
        [found.source],
      );
    }
    const normalized = options.allowQuery ? url.href : url.href.replace(/\/+$/, "");
    return { value: normalized, source: found.source };
  }

  /** A duration setting in milliseconds, within [minimumMs, maximumMs]. */
  duration(name: SettingName, bounds: { minimumMs: number; maximumMs: number }): FoundSetting<number> | undefined {
    const found = this.text(name);
    if (found === undefined) {
      return undefined;
    }
    const ms = parseDuration(found.value);
    if (ms === undefined) {
      throw new SettingsError(
        `${found.source} (setting ${name}) is not a duration: write e.g. 90s, 5m, 1m30s, 1500ms, or a number of seconds.`,
        [found.source],
      );
    }
    if (ms < bounds.minimumMs || ms > bounds.maximumMs) {
      throw new SettingsError(
        `${found.source} (setting ${name}) must be between ${bounds.minimumMs / 1000}s and ${bounds.maximumMs / 1000}s.`,
        [found.source],
      );
    }
    return { value: ms, source: found.source };
  }
}
