import * as pulumi from "@pulumi/pulumi";
import { SynchronizationSecrets } from "pulumi-graph-sync";

/**
 * The provisioning secrets of one SCIM enterprise application.
 *
 * Stack config (project namespace `graphsync-quickstart`):
 * - `servicePrincipalId`: the enterprise application's object id.
 * - `scimBaseAddress`: the SCIM endpoint, an https URL.
 * - `scimToken` (secret): the bearer token the provisioning service sends to that endpoint.
 * - `notificationEmail`: where quarantine notifications go.
 *
 * How the provider reaches Microsoft Graph (tenant, credentials, cloud) is the `graphsync:` config; see README.md.
 * Pulumi's Node.js runtime runs this file's top-level statements; its `export const`s are the stack's outputs.
 */
const config = new pulumi.Config();
const secrets = new SynchronizationSecrets("scim-app", {
  servicePrincipalId: config.require("servicePrincipalId"),
  credentials: {
    BaseAddress: config.require("scimBaseAddress"),
    SecretToken: config.requireSecret("scimToken"),
    SyncNotificationSettings: {
      Enabled: true,
      Recipients: config.require("notificationEmail"),
      DeleteThresholdEnabled: true,
      DeleteThresholdValue: 50,
    },
  },
});

export const servicePrincipalId = secrets.servicePrincipalId;
export const managedKeys = secrets.keys;
