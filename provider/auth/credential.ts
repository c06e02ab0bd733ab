// Type-only: the module itself is handed in by the token source, which loads it on the first token request.
import type * as Identity from "@azure/identity";
import type { ProviderSettings } from "../settings/providerSettings";
import { requestOidcToken } from "./oidcTokenRequester";

/** The `@azure/identity` module, loaded lazily by the caller. */
export type IdentityModule = typeof Identity;

/** What building a credential needs of the settings. */
export type CredentialSettings = Pick<ProviderSettings, "credential" | "authorityHost" | "disableInstanceDiscovery" | "oidcAudience">;

/** The process's one Azure credential; off Microsoft's authorities, no instance discovery (MSAL would ask the public cloud). */
export function createCredential(settings: CredentialSettings, identity: IdentityModule): Identity.TokenCredential {
  const plan = settings.credential;
  const common = { authorityHost: settings.authorityHost, disableInstanceDiscovery: settings.disableInstanceDiscovery };
  const assertion = (app: { tenantId: string; clientId: string }, getAssertion: () => Promise<string>) =>
    new identity.ClientAssertionCredential(app.tenantId, app.clientId, getAssertion, common);
  switch (plan.kind) {
    case "clientSecret":
      return new identity.ClientSecretCredential(plan.tenantId, plan.clientId, plan.clientSecret, common);
    case "clientCertificate": {
      const options = { ...common, sendCertificateChain: plan.sendCertificateChain === true };
      return new identity.ClientCertificateCredential(plan.tenantId, plan.clientId, { certificate: plan.clientCertificate }, options);
    }
    case "oidcToken":
      return assertion(plan, () => Promise.resolve(plan.oidcToken));
    case "oidcTokenFile": {
      const { tenantId, clientId, oidcTokenFilePath: tokenFilePath } = plan;
      return new identity.WorkloadIdentityCredential({ ...common, tenantId, clientId, tokenFilePath });
    }
    case "githubActions":
    case "azurePipelines": {
      // Not AzurePipelinesCredential: it reads SYSTEM_OIDCREQUESTURI from process.env only, so a configured
      // oidcRequestUrl would be ignored, and its errors echo the endpoint's response body.
      const urlSource = plan.sources.oidcRequestUrl ?? "oidcRequestUrl";
      const where = { requestUrl: plan.oidcRequestUrl, requestToken: plan.oidcRequestToken, urlSource };
      const request =
        plan.kind === "githubActions"
          ? { ...where, style: "githubActions" as const, audience: settings.oidcAudience }
          : { ...where, style: "azurePipelines" as const, serviceConnectionId: plan.adoPipelineServiceConnectionId };
      return assertion(plan, () => requestOidcToken(request));
    }
    case "managedIdentity":
      useImdsHost(plan.imdsHost);
      return new identity.ManagedIdentityCredential(plan.clientId === undefined ? {} : { clientId: plan.clientId });
    case "azureCli":
      return new identity.AzureCliCredential(plan.tenantId === undefined ? {} : { tenantId: plan.tenantId });
    case "defaultChain":
      useImdsHost(plan.imdsHost);
      return new identity.DefaultAzureCredential({
        ...common,
        ...(plan.tenantId === undefined ? {} : { tenantId: plan.tenantId }),
        ...(plan.managedIdentityClientId === undefined ? {} : { managedIdentityClientId: plan.managedIdentityClientId }),
      });
    case "unavailable":
      throw new Error("An unavailable credential plan cannot be built.");
  }
}

/** `msiEndpoint`: @azure/identity reads the metadata host from this variable only, at its first token; the process is this stack's alone. */
function useImdsHost(origin: string | undefined): void {
  if (origin !== undefined) process.env["AZURE_POD_IDENTITY_AUTHORITY_HOST"] = origin;
}
