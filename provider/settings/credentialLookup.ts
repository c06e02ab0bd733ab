import { readFileSync } from "node:fs";
import type { SettingName } from "./catalogue";
import { CertificateContentError, certificatePem } from "./clientCertificate";
import { type ConfigSource, type FoundSetting, SettingLookup, type SettingLayer, SettingsError, settingsError } from "./lookup";

/** How the settings read the files they name (the disk, once at configure); tests hand in their own. */
export type SettingFiles = (path: string) => Buffer;

/** The variables AKS workload identity injects into a pod, which `useAksWorkloadIdentity` reads (as azuread does). */
const AKS: Readonly<Partial<Record<SettingName, string>>> = {
  tenantId: "AZURE_TENANT_ID", clientId: "AZURE_CLIENT_ID", oidcTokenFilePath: "AZURE_FEDERATED_TOKEN_FILE",
};
const IMDS_TOKEN_PATH = "/metadata/identity/oauth2/token";

/** Which family a key belongs to, in precedence order: ours, azuread's, `ARM_*`, then the other variables. */
function precedence(source: string): number {
  return source.startsWith("graphsync:") ? 0 : source.startsWith("azuread:") ? 1 : source.startsWith("ARM_") ? 2 : 3;
}

/**
 * The settings azuread derives rather than reads as given: `clientId` and `clientSecret` from files, the app and token file
 * of AKS workload identity, the client certificate by content, and the instance metadata endpoint. Files are read once, at
 * configure: one that cannot be read, or a certificate its password does not open, is a `SettingsError` naming the setting.
 */
export class CredentialLookup extends SettingLookup {
  constructor(
    config: ConfigSource,
    private readonly environment: Readonly<Record<string, string | undefined>>,
    private readonly files: SettingFiles = (path) => readFileSync(path),
  ) {
    super(config, environment);
  }

  override text(name: SettingName, layer?: SettingLayer): FoundSetting<string> | undefined {
    if (name === "clientId") return this.withAks(name, this.fromFile(name, "clientIdFilePath"));
    if (name === "clientSecret") return this.fromFile(name, "clientSecretFilePath");
    if (name === "tenantId" || name === "oidcTokenFilePath") return this.withAks(name, super.text(name));
    return super.text(name, layer);
  }

  /** The client certificate as PEM (key first, then its chain): `clientCertificate` (base64) or `clientCertificatePath`. */
  certificate(): FoundSetting<string> | undefined {
    const inline = this.text("clientCertificate");
    const found = inline ?? this.text("clientCertificatePath");
    if (found === undefined) return undefined;
    const name: SettingName = inline === undefined ? "clientCertificatePath" : "clientCertificate";
    const content = inline === undefined ? this.load(found, name) : Buffer.from(found.value, "base64");
    const password = this.text("clientCertificatePassword");
    try {
      return { value: certificatePem(content, password?.value), source: found.source };
    } catch (error) {
      if (!(error instanceof CertificateContentError)) throw error;
      const withPassword = password === undefined ? " (no clientCertificatePassword is set)" : ` (password from ${password.source})`;
      const keys = [found.source, ...(password === undefined ? [] : [password.source])];
      throw new SettingsError(`${found.source} (setting ${name}): ${error.message}${withPassword}.`, keys);
    }
  }

  /** The origin of an instance metadata service's token endpoint (`msiEndpoint`), for `AZURE_POD_IDENTITY_AUTHORITY_HOST`. */
  imdsHost(): FoundSetting<string> | undefined {
    const found = super.text("msiEndpoint");
    if (found === undefined) return undefined;
    const url = URL.canParse(found.value) ? new URL(found.value) : undefined;
    const path = url?.pathname.replace(/\/$/, "");
    if (url === undefined || !/^https?:$/.test(url.protocol) || path !== IMDS_TOKEN_PATH || url.search || url.hash || url.username) {
      throw settingsError(found, "msiEndpoint", `must be an http(s) URL of an instance metadata token endpoint, ending in ${IMDS_TOKEN_PATH}.`);
    }
    return { value: url.origin, source: found.source };
  }

  /** `name`, or the trimmed content of the file `pathName` names, whichever comes first by precedence; the two must agree. */
  private fromFile(name: SettingName, pathName: SettingName): FoundSetting<string> | undefined {
    const direct = super.text(name);
    const path = super.text(pathName);
    if (path === undefined || (direct !== undefined && precedence(direct.source) < precedence(path.source))) return direct;
    const value = this.load(path, pathName).toString("utf8").trim();
    if (value === "") throw settingsError(path, pathName, "names an empty file.");
    if (direct !== undefined && precedence(direct.source) === precedence(path.source) && direct.value !== value) {
      const problem = `and ${direct.source} disagree: remove one, or make them match.`;
      throw new SettingsError(`The file ${path.source} (setting ${pathName}) names ${problem}`, [path.source, direct.source]);
    }
    return { value, source: `${path.source} (file)` };
  }

  /** With `useAksWorkloadIdentity`, what AKS injected; another value set for the same setting is an error, as in azuread. */
  private withAks(name: SettingName, found: FoundSetting<string> | undefined): FoundSetting<string> | undefined {
    const variable = AKS[name];
    const injected = variable === undefined ? undefined : this.environment[variable]?.trim();
    if (!injected || variable === undefined || this.boolean("useAksWorkloadIdentity")?.value !== true) return found;
    if (found !== undefined && found.source !== variable && found.value !== injected) {
      const problem = `disagrees with ${variable}, which AKS workload identity sets: remove it, or turn useAksWorkloadIdentity off.`;
      throw settingsError(found, name, problem, variable);
    }
    return { value: injected, source: variable };
  }

  private load(path: FoundSetting<string>, name: SettingName): Buffer {
    try {
      return this.files(path.value);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      throw settingsError(path, name, `names a file that cannot be read${code === undefined ? "" : ` (${code})`}.`);
    }
  }
}
