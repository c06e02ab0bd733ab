import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { SynchronizationSecrets } from "pulumi-graph-sync";

/**
 * Microsoft's application template for non-gallery ("bring your own") applications in the global cloud. The US
 * government and 21Vianet clouds use other ids; see Graph's `applicationTemplate: instantiate` reference.
 */
const NON_GALLERY_APPLICATION_TEMPLATE_ID = "8adf8e6e-67b2-4cf2-a259-e3dc5476c621";

/**
 * The SCIM application and its provisioning secrets in one stack: `@pulumi/azuread` creates the enterprise
 * application, and its service principal's id feeds `SynchronizationSecrets`, so Pulumi writes the secrets once the
 * service principal exists, and moves them to the new one if the application is ever recreated.
 *
 * Stack config (see README.md):
 * - `displayName`: the enterprise application's name.
 * - `scimBaseAddress`: the application's SCIM endpoint, an https URL.
 * - `scimToken` (secret): the bearer token the application expects.
 * - `synchronizationTemplateId` (optional): also create and start the provisioning job from this template, once
 *   the secrets are in place.
 *
 * Pulumi's Node.js runtime runs this file's top-level statements; its `export const`s are the stack's outputs.
 */
const config = new pulumi.Config();
// The identity running Pulumi. With only Application.ReadWrite.OwnedBy, it may write the secrets of service
// principals it owns, so it is made an owner of both objects. (An Output: a CommonJS program has no top-level await.)
const runner = pulumi.output(azuread.getClientConfig());

const application = new azuread.Application("scim-app", {
  displayName: config.require("displayName"),
  templateId: NON_GALLERY_APPLICATION_TEMPLATE_ID,
  owners: [runner.objectId],
});
const servicePrincipal = new azuread.ServicePrincipal("scim-app", {
  clientId: application.clientId,
  // Instantiating the template already created the service principal; adopt it instead of failing.
  useExisting: true,
  owners: [runner.objectId],
});

const secrets = new SynchronizationSecrets("scim-app", {
  // The `/servicePrincipals/{id}` form azuread uses as resource id; `servicePrincipal.objectId` works as well.
  servicePrincipalId: servicePrincipal.id,
  // The list form of azuread.SynchronizationSecret: migrating from it only changes the class name.
  credentials: [
    { key: "BaseAddress", value: config.require("scimBaseAddress") },
    { key: "SecretToken", value: config.requireSecret("scimToken") },
  ],
});

const templateId = config.get("synchronizationTemplateId");
if (templateId !== undefined) {
  // Started only once the credentials are stored, so its first cycle can reach the SCIM endpoint.
  new azuread.SynchronizationJob(
    "scim-app",
    { servicePrincipalId: servicePrincipal.id, templateId, enabled: true },
    { dependsOn: [secrets] },
  );
}

export const servicePrincipalObjectId = servicePrincipal.objectId;
export const managedKeys = secrets.keys;
