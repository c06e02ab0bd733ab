import { type SettingName, settingKeys } from "./catalogue";

/** Settings that cannot be used as given; the message names the settings and keys, never their values. */
export class SettingsError extends Error {
  /** The keys at fault, e.g. `graphsync:cloud` or `ARM_ENVIRONMENT`. */ readonly keys: readonly string[];

  /** @param message - what is wrong and how to fix it, without any setting's value */
  constructor(message: string, keys: readonly string[]) {
    super(message);
    this.name = "SettingsError";
    this.keys = keys;
  }
}

/** Stack config as the dynamic provider's `configure` sees it: full namespaced keys, string values. */
export interface ConfigSource {
  /** The value of a full key such as `graphsync:tenantId` or `azuread:clientId`, or undefined when unset. */
  get(key: string): string | undefined;
}

/** A setting's value (trimmed) and the key it was read from, e.g. `ARM_CLIENT_ID`; messages name the key, never the value. */
export type FoundSetting<T> = { readonly value: T; readonly source: string };

/** Where a value was set: stack config (`graphsync:` and `azuread:` keys) or the process environment. */
export type SettingLayer = "config" | "environment";

/** The layer a key belongs to: config keys are namespaced (`graphsync:tenantId`), environment variables are not. */
export const layerOf = (key: string): SettingLayer => (key.includes(":") ? "config" : "environment");

/** Where each setting came from, e.g. `{ clientSecret: "ARM_CLIENT_SECRET" }`. Key names only. */
export type SettingSources = Readonly<Partial<Record<SettingName, string>>>;

const BOOLEANS: ReadonlyMap<string, boolean> = new Map(
  Object.entries({ true: true, 1: true, yes: true, false: false, 0: false, no: false }),
);
const UNIT_MS: ReadonlyMap<string, number> = new Map([["ms", 1], ["s", 1_000], ["m", 60_000], ["h", 3_600_000]]);
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const SECONDS = /^\d+(?:\.\d+)?$/;
const URL_PARTS = {
  origin: "a path, credentials, fragment or query string",
  path: "credentials, fragment or query string",
  query: "credentials or fragment",
};

/**
 * Finds each setting, first match wins: `graphsync:` config, `azuread:` config, then environment variables; blank
 * counts as unset (an empty `ARM_CLIENT_SECRET` does not hide `AZURE_CLIENT_SECRET`).
 */
export class SettingLookup {
  /** @param config - stack config with namespaced keys */
  constructor(
    private readonly config: ConfigSource,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  /** The first non-blank value of a setting, as text; with `layer`, only from the keys of that layer. */
  text(name: SettingName, layer?: SettingLayer): FoundSetting<string> | undefined {
    for (const key of settingKeys(name)) {
      if (layer !== undefined && layerOf(key) !== layer) continue;
      const value = (layerOf(key) === "config" ? this.config.get(key) : this.env[key])?.trim();
      if (value) return { value, source: key };
    }
    return undefined;
  }

  /** A boolean setting: `true`/`false`, also `1`/`0` and `yes`/`no` as environment variables often write them. */
  boolean(name: SettingName): FoundSetting<boolean> | undefined {
    return this.read(name, "must be true or false.", (text) => BOOLEANS.get(text.toLowerCase()));
  }

  /** An https URL, no credentials or fragment, no trailing slash; `path` refuses a query, `origin` a path too. */
  httpsUrl(name: SettingName, accept: keyof typeof URL_PARTS = "path"): FoundSetting<string> | undefined {
    const found = this.text(name);
    const url = found !== undefined && URL.canParse(found.value) ? new URL(found.value) : undefined;
    if (found !== undefined && url === undefined) throw settingsError(found, name, "is not a URL.");
    return this.read(name, `must be an https URL without ${URL_PARTS[accept]}.`, () => {
      const refused =
        url?.protocol !== "https:" || url.username !== "" || url.password !== "" || url.hash !== "" ||
        (accept !== "query" && url.search !== "") || (accept === "origin" && url.pathname !== "/");
      return refused ? undefined : accept === "query" ? url.href : withoutTrailingSlashes(url.href);
    });
  }

  /** A duration in milliseconds within the bounds: number-unit pairs (`90s`, `5m`, `1m30s`, `1500ms`) or seconds (`300`). */
  duration(name: SettingName, minimumMs: number, maximumMs: number): FoundSetting<number> | undefined {
    const found = this.read(name, "is not a duration: write e.g. 90s, 5m, 1m30s, 1500ms, or a number of seconds.", parseDuration);
    if (found !== undefined && (found.value < minimumMs || found.value > maximumMs)) {
      throw settingsError(found, name, `must be between ${minimumMs / 1000}s and ${maximumMs / 1000}s.`);
    }
    return found;
  }

  /** A setting read with `parse`; a value it cannot read is a `SettingsError` naming the key and saying what is wrong. */
  read<T>(name: SettingName, problem: string, parse: (text: string) => T | undefined): FoundSetting<T> | undefined {
    const found = this.text(name);
    if (found === undefined) return undefined;
    const value = parse(found.value);
    if (value === undefined) throw settingsError(found, name, problem);
    return { value, source: found.source };
  }
}

/** The error for a setting that cannot be used: it names the key it came from (and `otherKeys` at fault), never a value. */
export function settingsError(found: FoundSetting<unknown>, name: SettingName, problem: string, ...otherKeys: string[]): SettingsError {
  return new SettingsError(`${found.source} (setting ${name}) ${problem}`, [found.source, ...otherKeys]);
}

/** The text without slashes at its end; a loop, as `/\/+$/` is quadratic on a long run of slashes. */
function withoutTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === "/") end -= 1;
  return text.slice(0, end);
}

/** Milliseconds of a duration as written in stack config, or undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const compact = text.trim().toLowerCase();
  if (SECONDS.test(compact)) return Math.round(Number(compact) * 1_000);
  if (!DURATION.test(compact)) return undefined;
  let total = 0;
  for (const [, amount, unit] of compact.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(amount) * (UNIT_MS.get(unit ?? "") ?? Number.NaN);
  }
  return Number.isFinite(total) ? Math.round(total) : undefined;
}

/** The keys the settings that were found came from (key names only). */
export function sourcesOf(found: Partial<Record<SettingName, FoundSetting<unknown> | undefined>>): SettingSources {
  return Object.fromEntries(Object.entries(found).flatMap(([name, setting]) => (setting === undefined ? [] : [[name, setting.source]])));
}
