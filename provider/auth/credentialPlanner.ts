import type { ConsideredCredential, CredentialPlan, SettingSources } from "./credentialPlan";
import type { SettingLookup } from "./settingLookup";
import type { SettingName } from "./settingsCatalogue";

/** `SYSTEM_OIDCREQUESTURI` only answers Azure Pipelines' POST with a service connection, never a GitHub-style GET. */
const AZURE_PIPELINES_REQUEST_URL = "SYSTEM_OIDCREQUESTURI";

/**
 * Chooses the credential, in the order the Terraform/Pulumi azuread provider uses so a stack configured for it
 * behaves the same: client certificate, client secret, OIDC (token, token file, token request, Azure Pipelines),
 * managed identity (`useMsi`), Azure CLI (`useCli`), and finally DefaultAzureCredential. Each setting itself was
 * already resolved `graphsync:` > `azuread:` > `ARM_*` > `AZURE_*`.
 *
 * Missing settings never throw here: a preview needs no token, so it must succeed without credentials. What was
 * looked at is kept in the plan for the message the first token request gives. Malformed values do throw.
 */
export function planCredential(lookup: SettingLookup): CredentialPlan {
  const tenant = lookup.text("tenantId");
  const client = lookup.text("clientId");
  const appMissing: SettingName[] = [
    ...(tenant === undefined ? (["tenantId"] as const) : []),
    ...(client === undefined ? (["clientId"] as const) : []),
  ];
  const considered: ConsideredCredential[] = [];
  const app = tenant !== undefined && client !== undefined ? { tenant, client } : undefined;
  const appSources: SettingSources = {
    ...(tenant === undefined ? {} : { tenantId: tenant.source }),
    ...(client === undefined ? {} : { clientId: client.source }),
  };

  const certificate = lookup.text("clientCertificatePath");
  if (app !== undefined && certificate !== undefined) {
    const password = lookup.text("clientCertificatePassword");
    return {
      kind: "clientCertificate",
      tenantId: app.tenant.value,
      clientId: app.client.value,
      certificatePath: certificate.value,
      ...(password === undefined ? {} : { certificatePassword: password.value }),
      sources: {
        ...appSources,
        clientCertificatePath: certificate.source,
        ...(password === undefined ? {} : { clientCertificatePassword: password.source }),
      },
    };
  }
  considered.push({ kind: "clientCertificate", missing: missing(appMissing, certificate, "clientCertificatePath") });

  const secret = lookup.text("clientSecret");
  if (app !== undefined && secret !== undefined) {
    return {
      kind: "clientSecret",
      tenantId: app.tenant.value,
      clientId: app.client.value,
      clientSecret: secret.value,
      sources: { ...appSources, clientSecret: secret.source },
    };
  }
  considered.push({ kind: "clientSecret", missing: missing(appMissing, secret, "clientSecret") });

  const useOidc = lookup.boolean("useOidc");
  if (useOidc?.value === false) {
    considered.push({ kind: "oidcToken", missing: [], disabledBy: "useOidc" });
  } else {
    const oidcToken = lookup.text("oidcToken");
    if (app !== undefined && oidcToken !== undefined) {
      return {
        kind: "oidcToken",
        tenantId: app.tenant.value,
        clientId: app.client.value,
        oidcToken: oidcToken.value,
        sources: { ...appSources, oidcToken: oidcToken.source },
      };
    }
    considered.push({ kind: "oidcToken", missing: missing(appMissing, oidcToken, "oidcToken") });

    const tokenFile = lookup.text("oidcTokenFilePath");
    if (app !== undefined && tokenFile !== undefined) {
      return {
        kind: "oidcTokenFile",
        tenantId: app.tenant.value,
        clientId: app.client.value,
        tokenFilePath: tokenFile.value,
        sources: { ...appSources, oidcTokenFilePath: tokenFile.source },
      };
    }
    considered.push({ kind: "oidcTokenFile", missing: missing(appMissing, tokenFile, "oidcTokenFilePath") });

    const requestUrl = lookup.httpsUrl("oidcRequestUrl", { allowQuery: true });
    const requestToken = lookup.text("oidcRequestToken");
    const connection = lookup.text("adoPipelineServiceConnectionId");
    const requestMissing = [
      ...missing(appMissing, requestUrl, "oidcRequestUrl"),
      ...missing([], requestToken, "oidcRequestToken"),
    ];
    const pipelines = connection !== undefined || requestUrl?.source === AZURE_PIPELINES_REQUEST_URL;
    if (app !== undefined && requestUrl !== undefined && requestToken !== undefined) {
      const sources = { ...appSources, oidcRequestUrl: requestUrl.source, oidcRequestToken: requestToken.source };
      if (!pipelines) {
        return {
          kind: "githubActions",
          tenantId: app.tenant.value,
          clientId: app.client.value,
          requestUrl: requestUrl.value,
          requestToken: requestToken.value,
          sources,
        };
      }
      if (connection !== undefined) {
        return {
          kind: "azurePipelines",
          tenantId: app.tenant.value,
          clientId: app.client.value,
          requestUrl: requestUrl.value,
          systemAccessToken: requestToken.value,
          serviceConnectionId: connection.value,
          sources: { ...sources, adoPipelineServiceConnectionId: connection.source },
        };
      }
    }
    if (pipelines) {
      considered.push({
        kind: "azurePipelines",
        missing: [...requestMissing, ...missing([], connection, "adoPipelineServiceConnectionId")],
      });
    } else {
      considered.push({ kind: "githubActions", missing: requestMissing });
    }
    if (useOidc?.value === true) {
      return {
        kind: "unavailable",
        demandedBy: "useOidc",
        considered,
        sources: { ...appSources, useOidc: useOidc.source },
      };
    }
  }

  const msiClient = lookup.text("msiClientId") ?? client;
  const useMsi = lookup.boolean("useMsi");
  if (useMsi?.value === true) {
    return {
      kind: "managedIdentity",
      ...(msiClient === undefined ? {} : { clientId: msiClient.value }),
      sources: { useMsi: useMsi.source, ...(msiClient === undefined ? {} : { msiClientId: msiClient.source }) },
    };
  }
  considered.push({ kind: "managedIdentity", missing: ["useMsi"] });

  const useCli = lookup.boolean("useCli");
  if (useCli?.value === true) {
    return {
      kind: "azureCli",
      ...(tenant === undefined ? {} : { tenantId: tenant.value }),
      sources: { useCli: useCli.source, ...(tenant === undefined ? {} : { tenantId: tenant.source }) },
    };
  }
  considered.push({ kind: "azureCli", missing: ["useCli"] });

  // Only an explicit msiClientId goes to the chain: a clientId without a secret names an app registration, and the
  // chain reads AZURE_CLIENT_ID itself for managed and workload identities.
  const chainMsiClient = lookup.text("msiClientId");
  return {
    kind: "defaultChain",
    ...(tenant === undefined ? {} : { tenantId: tenant.value }),
    ...(chainMsiClient === undefined ? {} : { managedIdentityClientId: chainMsiClient.value }),
    considered,
    sources: {
      ...(tenant === undefined ? {} : { tenantId: tenant.source }),
      ...(chainMsiClient === undefined ? {} : { msiClientId: chainMsiClient.source }),
    },
  };
}

function missing(appMissing: readonly SettingName[], found: unknown, name: SettingName): SettingName[] {
  return found === undefined ? [...appMissing, name] : [...appMissing];
}
