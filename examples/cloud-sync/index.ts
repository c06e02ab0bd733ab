import * as pulumi from "@pulumi/pulumi";
import { SynchronizationSecrets } from "pulumi-graph-sync";

/**
 * The settings Microsoft Entra Cloud Sync keeps as synchronization secrets of its configuration's service principal
 * (the one instantiated from the AD2AAD application template): the on-premises Active Directory domain it
 * provisions from (`Domain`), whether password hashes are synchronized too (`AppKey`), and the accidental-delete
 * protection with its notifications (`SyncNotificationSettings`).
 *
 * All three values are JSON documents. Declare them as objects: the provider writes them as canonical JSON and
 * compares them by meaning, so key order or spacing in the portal's copy never shows up as a change.
 *
 * Stack config (see README.md):
 * - `servicePrincipalId`: the Cloud Sync configuration's service principal object id.
 * - `domain`: the Active Directory domain, as the domain controllers know it, e.g. `contoso.com`.
 * - `passwordHashSync` (optional, default true): also synchronize password hashes.
 * - `notificationEmail`: where quarantine and accidental-delete notifications go.
 * - `deleteThreshold` (optional, default 500): deletions per cycle above which the job stops and waits.
 *
 * Pulumi's Node.js runtime runs this file's top-level statements; its `export const`s are the stack's outputs.
 */
const config = new pulumi.Config();
const passwordHashSync = config.getBoolean("passwordHashSync") ?? true;
const secrets = new SynchronizationSecrets("cloud-sync", {
  servicePrincipalId: config.require("servicePrincipalId"),
  // Microsoft's Cloud Sync guide works through the beta endpoint; keep to it for these keys.
  apiVersion: "beta",
  credentials: {
    Domain: { domain: config.require("domain") },
    AppKey: { appKeyScenario: passwordHashSync ? "AD2AADPasswordHash" : "AD2AADProvisioning" },
    SyncNotificationSettings: {
      Enabled: true,
      Recipients: config.require("notificationEmail"),
      DeleteThresholdEnabled: true,
      DeleteThresholdValue: config.getNumber("deleteThreshold", { min: 1 }) ?? 500,
    },
  },
});

export const servicePrincipalId = secrets.servicePrincipalId;
export const managedKeys = secrets.keys;
