/** What an Entra (AADSTS) error code means and what to do about it. */
export interface EntraErrorExplanation {
  /** The code with its prefix, e.g. `AADSTS7000215`. */
  readonly code: string;
  /** What went wrong, in a few words. */
  readonly meaning: string;
  /** What to check or change. */
  readonly action: string;
}

type Explanation = Omit<EntraErrorExplanation, "code">;

/**
 * The codes app-only sign-ins actually meet, from Microsoft's "Microsoft Entra authentication and authorization
 * error codes" reference and the workload identity federation troubleshooting pages. Anything else is shown with
 * Entra's own description.
 */
const EXPLANATIONS: Readonly<Record<string, Explanation>> = {
  "7000215": {
    meaning: "the client secret is not valid for this application",
    action: "use the secret's Value (not its Secret ID) of a current secret of this app registration",
  },
  "7000222": {
    meaning: "the client secret has expired",
    action: "create a new client secret on the app registration and update clientSecret",
  },
  "700016": {
    meaning: "the application was not found in the tenant",
    action: "check clientId and tenantId, and that the cloud setting matches the tenant's cloud",
  },
  "700011": {
    meaning: "the application was not found in the tenant",
    action: "check clientId and tenantId",
  },
  "7000112": {
    meaning: "the application is disabled",
    action: "enable the application (or its service principal) in Microsoft Entra",
  },
  "90002": {
    meaning: "the tenant was not found",
    action: "check tenantId, and that the cloud setting matches the tenant's cloud (national-cloud tenants exist only there)",
  },
  "900023": {
    meaning: "the tenant identifier is neither a GUID nor a verified domain",
    action: "check tenantId",
  },
  "90038": {
    meaning: "the tenant belongs to a national cloud",
    action: "set cloud (graphsync:cloud or ARM_ENVIRONMENT) to the tenant's cloud",
  },
  "500011": {
    meaning: "the requested resource (Microsoft Graph of the configured cloud) is not known in the tenant",
    action: "check the cloud setting: tokens must be requested from and for the tenant's own cloud",
  },
  "700027": {
    meaning: "the client assertion failed signature validation",
    action: "upload the certificate's public part to the app registration, or check clientCertificatePath points at it",
  },
  "700024": {
    meaning: "the federated token is not within its valid time range",
    action: "use a fresh token (oidcRequestUrl or a refreshed oidcTokenFilePath rather than a fixed oidcToken) and check the clock",
  },
  "70021": {
    meaning: "no federated identity credential matches the presented token",
    action: "add a federated credential whose issuer, subject and audience match the token",
  },
  "700211": {
    meaning: "no federated identity credential matches the token's issuer",
    action: "add a federated credential with the token's issuer",
  },
  "700212": {
    meaning: "no federated identity credential matches the token's audience",
    action: "give the federated credential the audience requested (oidcAudience), or change oidcAudience",
  },
  "700213": {
    meaning: "no federated identity credential matches the token's subject",
    action: "add a federated credential for the subject Entra reports (repository, branch or environment)",
  },
  "53003": {
    meaning: "a Conditional Access policy blocked the sign-in",
    action: "ask a tenant administrator to review the policies that apply to this workload identity",
  },
  "70011": {
    meaning: "the requested scope is not valid",
    action: "check cloud and graphEndpoint: the scope is <the cloud's Graph>/.default",
  },
};

/**
 * MSAL's own failures that hide Entra's answer. With a non-Microsoft authority (a custom cloud, the emulator) MSAL
 * first reads the tenant's OpenID configuration; any failure there (an unknown tenant, an unreachable or untrusted
 * host) surfaces only as `endpoints_resolution_error`.
 */
const MSAL_EXPLANATIONS: Readonly<Record<string, Explanation>> = {
  endpoints_resolution_error: {
    meaning: "the tenant's OpenID configuration could not be read from the authority",
    action:
      "check tenantId and authorityHost (or cloud); for a custom authority also that it is reachable and its TLS " +
      "certificate trusted (NODE_EXTRA_CA_CERTS)",
  },
};

/** Explains an MSAL error code such as `endpoints_resolution_error`, or undefined when it has no explanation. */
export function explainMsalError(code: string): EntraErrorExplanation | undefined {
  const explanation = MSAL_EXPLANATIONS[code];
  return explanation === undefined ? undefined : { code, ...explanation };
}

/**
 * Explains an AADSTS code (with or without its prefix). Returns undefined for codes outside the table; callers then
 * show Entra's own description.
 */
export function explainEntraError(code: string | number): EntraErrorExplanation | undefined {
  const digits = String(code).replace(/^AADSTS/i, "");
  const explanation = EXPLANATIONS[digits];
  return explanation === undefined ? undefined : { code: `AADSTS${digits}`, ...explanation };
}
