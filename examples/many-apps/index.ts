import * as pulumi from "@pulumi/pulumi";
import { SynchronizationSecrets } from "pulumi-graph-sync";

/** One SCIM application, as listed in the `apps` stack config. */
interface ScimApp {
  /** A short, unique name: the resource name in the stack and the entry in `scimTokens`. */
  name: string;
  /** The enterprise application's object id. */
  servicePrincipalId: string;
  /** The application's SCIM endpoint. */
  baseAddress: string;
}

/**
 * The provisioning secrets of many SCIM applications from one list: one `SynchronizationSecrets` resource per
 * application, named after it, so adding an application to the list creates one resource and removing one clears
 * only that application's keys.
 *
 * Stack config (see README.md):
 * - `apps`: the list of `{ name, servicePrincipalId, baseAddress }`.
 * - `scimTokens` (secret): an object from application name to its bearer token.
 * - `notificationEmail`: where every application's quarantine notifications go.
 *
 * The list could as well live in code; config lets each stack (test, production) list its own applications.
 * Pulumi's Node.js runtime runs this file's top-level statements; its `export const`s are the stack's outputs.
 */
const config = new pulumi.Config();
const apps = readApps(config.requireObject<unknown>("apps"));
const tokens = config.requireSecretObject<Record<string, string>>("scimTokens");
const notificationEmail = config.require("notificationEmail");

/** The names of the keys each application's resource manages, by application name. */
export const managedKeys: Record<string, pulumi.Output<string[]>> = {};
for (const app of apps) {
  const secrets = new SynchronizationSecrets(app.name, {
    servicePrincipalId: app.servicePrincipalId,
    credentials: {
      BaseAddress: app.baseAddress,
      // Derived from a secret, so it stays one.
      SecretToken: tokens.apply((byApp) => tokenOf(byApp, app.name)),
      SyncNotificationSettings: { Enabled: true, Recipients: notificationEmail },
    },
  });
  managedKeys[app.name] = secrets.keys;
}

/** Checks the `apps` list before any resource exists, so a typo fails the preview with a message naming it. */
function readApps(raw: unknown): ScimApp[] {
  if (!Array.isArray(raw)) {
    throw new Error("config apps must be a list of { name, servicePrincipalId, baseAddress }");
  }
  const names = new Set<string>();
  return raw.map((entry: unknown, index) => {
    const field = (name: keyof ScimApp): string => {
      const value = typeof entry === "object" && entry !== null ? (entry as Record<string, unknown>)[name] : undefined;
      if (typeof value !== "string" || value === "") {
        throw new Error(`config apps[${index}].${name} must be a non-empty string`);
      }
      return value;
    };
    const app: ScimApp = { name: field("name"), servicePrincipalId: field("servicePrincipalId"), baseAddress: field("baseAddress") };
    if (names.has(app.name)) {
      throw new Error(`config apps[${index}].name repeats "${app.name}": names must be unique`);
    }
    names.add(app.name);
    return app;
  });
}

/** The token for one application; the message names the application, never a token. */
function tokenOf(byApp: Record<string, string>, name: string): string {
  const token = byApp[name];
  if (typeof token !== "string" || token === "") {
    throw new Error(`config scimTokens has no token for app "${name}"`);
  }
  return token;
}
