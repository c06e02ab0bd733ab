// Type-only imports: the module itself is handed in by the caller, which loads it on the first token request.
import type * as Identity from "@azure/identity";

import { OidcTokenRequester } from "./oidcTokenRequester";
import type { ProviderSettings } from "./settings";

/** The `@azure/identity` module, loaded lazily by the caller. */
export type IdentityModule = typeof Identity;

/**
 * Builds the one credential a provider process uses, as its settings' plan says. Every app-registration credential
 * gets the (possibly overridden) authority and, for a non-Microsoft authority, instance discovery turned off: MSAL
 * would otherwise ask the public cloud about the host.
 *
 * @param settings - The resolved settings; their plan must not be `unavailable`.
 * @param identity - The `@azure/identity` module.
 */
export function createCredential(settings: ProviderSettings, identity: IdentityModule): Identity.TokenCredential {
  const plan = settings.credential;
  const common = {
    authorityHost: settings.authorityHost,
    disableInstanceDiscovery: settings.disableInstanceDiscovery,
  };
  switch (plan.kind) {
    case "clientSecret":
      return new identity.ClientSecretCredential(plan.tenantId, plan.clientId, plan.clientSecret, common);
    case "clientCertificate":
      return new identity.ClientCertificateCredential(
        plan.tenantId,
        plan.clientId,
        {
          certificatePath: plan.certificatePath,
          ...(plan.certificatePassword === undefined ? {} : { certificatePassword: plan.certificatePassword }),
        },
        common,
      );
    case "oidcToken": {
      const token = plan.oidcToken;
      return new identity.ClientAssertionCredential(plan.tenantId, plan.clientId, () => Promise.resolve(token), common);
    }
    case "oidcTokenFile":
      return new identity.WorkloadIdentityCredential({
        ...common,
        tenantId: plan.tenantId,
        clientId: plan.clientId,
        tokenFilePath: plan.tokenFilePath,
      });
    case "githubActions": {
      const requester = new OidcTokenRequester({
        style: "githubActions",
        requestUrl: plan.requestUrl,
        requestToken: plan.requestToken,
        audience: settings.oidcAudience,
        urlSource: plan.sources.oidcRequestUrl ?? "oidcRequestUrl",
      });
      return new identity.ClientAssertionCredential(plan.tenantId, plan.clientId, () => requester.requestToken(), common);
    }
    case "azurePipelines": {
      // Not AzurePipelinesCredential: it reads SYSTEM_OIDCREQUESTURI from process.env only, so a configured
      // oidcRequestUrl would be ignored, and its errors echo the endpoint's response body.
      const requester = new OidcTokenRequester({
        style: "azurePipelines",
        requestUrl: plan.requestUrl,
        requestToken: plan.systemAccessToken,
        serviceConnectionId: plan.serviceConnectionId,
        urlSource: plan.sources.oidcRequestUrl ?? "oidcRequestUrl",
      });
      return new identity.ClientAssertionCredential(plan.tenantId, plan.clientId, () => requester.requestToken(), common);
    }
    case "managedIdentity":
      return plan.clientId === undefined
        ? new identity.ManagedIdentityCredential()
        : new identity.ManagedIdentityCredential({ clientId: plan.clientId });
    case "azureCli":
      return new identity.AzureCliCredential(plan.tenantId === undefined ? {} : { tenantId: plan.tenantId });
    case "defaultChain":
      return new identity.DefaultAzureCredential({
        ...common,
        ...(plan.tenantId === undefined ? {} : { tenantId: plan.tenantId }),
        ...(plan.managedIdentityClientId === undefined ? {} : { managedIdentityClientId: plan.managedIdentityClientId }),
      });
    case "unavailable":
      throw new Error("An unavailable credential plan cannot be built.");
  }
}
