import * as pulumi from "@pulumi/pulumi";
import { SynchronizationJob, SynchronizationSecrets } from "pulumi-graph-sync";

/**
 * Provisioning of one SCIM enterprise application, end to end, in Microsoft Entra's own order: the provisioning job is
 * created from the application's template, the credentials are tested through it against the SCIM endpoint and saved,
 * and then the job is started. A wrong token stops `pulumi up` before anything is saved, instead of quarantining the
 * job 40 minutes later.
 *
 * Stack config (see README.md):
 * - `servicePrincipalId`: the enterprise application's object id.
 * - `scimBaseAddress`: the application's SCIM endpoint, an https URL.
 * - `scimToken` (secret): the bearer token the application expects.
 * - `notificationEmail`: where quarantine and delete-threshold notifications go.
 * - `deleteThreshold` (optional, default 500): the most deletions one provisioning cycle may make unattended.
 * - `provisioning` (optional, default true): false pauses the job, true resumes it.
 * - `restartTrigger` (optional): a new value restarts the job, lifting a quarantine (`restartScope`).
 *
 * Pulumi's Node.js runtime runs this file's top-level statements; its `export const`s are the stack's outputs.
 */
const config = new pulumi.Config();
const servicePrincipalId = config.require("servicePrincipalId");

// 1. The job, from the template of a non-gallery SCIM application. It waits, disabled, for its credentials.
const job = new SynchronizationJob("scim-app", {
  servicePrincipalId,
  templateId: "scim",
  enabled: config.getBoolean("provisioning") ?? true,
  waitForCredentials: true,
  restartTrigger: config.get("restartTrigger"),
  restartScope: ["QuarantineState", "Escrows"],
});

// 2. The secrets: tested through the job (Graph's validateCredentials) before they are saved; then the job starts.
const secrets = new SynchronizationSecrets("scim-app", {
  servicePrincipalId,
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
  validateWith: job,
});

export const managedKeys = secrets.keys;
export const jobId = job.jobId;
