import * as pulumi from "@pulumi/pulumi";
import { SynchronizationSecrets } from "pulumi-graph-sync";

/**
 * The provisioning secrets of one SCIM enterprise application: where Microsoft Entra's provisioning service sends
 * users and groups (`BaseAddress`), the bearer token it sends with them (`SecretToken`), and who is told when the
 * provisioning job goes into quarantine or would delete too many accounts (`SyncNotificationSettings`).
 *
 * Stack config (see README.md):
 * - `servicePrincipalId`: the enterprise application's object id.
 * - `scimBaseAddress`: the application's SCIM endpoint, an https URL.
 * - `scimToken` (secret): the bearer token the application expects.
 * - `notificationEmail`: where quarantine and delete-threshold notifications go.
 * - `deleteThreshold` (optional, default 500): the most deletions one provisioning cycle may make unattended.
 *
 * Pulumi's Node.js runtime runs this file's top-level statements; its `export const`s are the stack's outputs.
 */
const config = new pulumi.Config();
const secrets = new SynchronizationSecrets("scim-app", {
  servicePrincipalId: config.require("servicePrincipalId"),
  credentials: {
    BaseAddress: config.require("scimBaseAddress"),
    // A secret from config stays a secret; the resource also marks every value secret on its own.
    SecretToken: config.requireSecret("scimToken"),
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
