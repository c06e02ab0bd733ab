import { type SettingName, settingKeys } from "./catalogue";
import { SettingsError } from "./settingsError";

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

const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ["true", true], ["1", true], ["yes", true], ["false", false], ["0", false], ["no", false],
]);
const UNIT_MS: ReadonlyMap<string, number> = new Map([["ms", 1], ["s", 1_000], ["m", 60_000], ["h", 3_600_000]]);
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
const SECONDS = /^\d+(?:\.\d+)?$/;

/**
 * Finds each setting in stack config and the environment, first match wins, in the order the catalogue gives:
 * `graphsync:` config, `azuread:` config, then the environment variables. Blank values count as unset, so an empty
 * `ARM_CLIENT_SECRET` in a pipeline does not hide `AZURE_CLIENT_SECRET`.
 */
export class SettingLookup {
  /**
   * @param config - stack config with namespaced keys
   * @param env - the provider process's environment
   */
  constructor(
    private readonly config: ConfigSource,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  /** The first non-blank value of a setting, as text. */
  text(name: SettingName): FoundSetting<string> | undefined {
    for (const key of settingKeys(name)) {
      const value = (key.includes(":") ? this.config.get(key) : this.env[key])?.trim();
      if (value !== undefined && value !== "") {
        return { value, source: key };
      }
    }
    return undefined;
  }

  /** A boolean setting (`true`/`false`, also `1`/`0` and `yes`/`no` as environment variables often use). */
  boolean(name: SettingName): FoundSetting<boolean> | undefined {
    const found = this.text(name);
    const value = found === undefined ? undefined : BOOLEANS.get(found.value.toLowerCase());
    if (found !== undefined && value === undefined) {
      throw new SettingsError(`${found.source} (setting ${name}) must be true or false.`, [found.source]);
    }
    return found === undefined || value === undefined ? undefined : { value, source: found.source };
  }

  /**
   * An https URL setting without credentials or fragment, normalized without a trailing slash. A query string is
   * refused unless allowed; `origin` refuses a path too (`https://host[:port]` only).
   */
  httpsUrl(name: SettingName, accept: "origin" | "path" | "query" = "path"): FoundSetting<string> | undefined {
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
    const refused =
      url.protocol !== "https:" || url.username !== "" || url.password !== "" || url.hash !== "" ||
      (accept !== "query" && url.search !== "") || (accept === "origin" && url.pathname !== "/");
    if (refused) {
      const what = { origin: "a path, credentials, fragment or query string", path: "credentials, fragment or query string", query: "credentials or fragment" };
      throw new SettingsError(`${found.source} (setting ${name}) must be an https URL without ${what[accept]}.`, [found.source]);
    }
    return { value: accept === "query" ? url.href : url.href.replace(/\/+$/, ""), source: found.source };
  }

  /**
   * A duration setting in milliseconds, within the bounds: number-unit pairs (`90s`, `5m`, `1m30s`, `1500ms`, `1h`)
   * or a bare number of seconds (`300`).
   */
  duration(name: SettingName, minimumMs: number, maximumMs: number): FoundSetting<number> | undefined {
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
    if (ms < minimumMs || ms > maximumMs) {
      throw new SettingsError(`${found.source} (setting ${name}) must be between ${minimumMs / 1000}s and ${maximumMs / 1000}s.`, [found.source]);
    }
    return { value: ms, source: found.source };
  }
}

/** Milliseconds of a duration as written in stack config, or undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const compact = text.trim().toLowerCase();
  if (SECONDS.test(compact)) {
    return Math.round(Number(compact) * 1_000);
  }
  if (!DURATION.test(compact)) {
    return undefined;
  }
  let total = 0;
  for (const [, amount, unit] of compact.matchAll(DURATION_PART)) {
    total += Number(amount) * (UNIT_MS.get(unit ?? "") ?? Number.NaN);
  }
  return Number.isFinite(total) ? Math.round(total) : undefined;
}
