import { Emulator } from "../../emulator";
import { rawRequest, RawResponse } from "./rawHttps";

/** The secrets URL of a service principal on the emulator. */
export function secretsUrl(emulator: Emulator, servicePrincipalId: string, version: "v1.0" | "beta" = "v1.0"): string {
  return `${emulator.graphEndpoint}/${version}/servicePrincipals/${servicePrincipalId}/synchronization/secrets`;
}

/** PUT `{"value": pairs}` (or a raw body) with a bearer token. */
export function putSecrets(
  emulator: Emulator,
  token: string,
  servicePrincipalId: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return rawRequest(secretsUrl(emulator, servicePrincipalId), {
    method: "PUT",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** GET one page of secrets (or a nextLink). */
export function getSecrets(emulator: Emulator, token: string, urlOrId: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const url = urlOrId.startsWith("https:") ? urlOrId : secretsUrl(emulator, urlOrId);
  return rawRequest(url, { headers: { authorization: `Bearer ${token}`, ...headers } });
}

/** The Graph error body's parts, typed for assertions. */
export interface GraphErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly innerError: { readonly date: string; readonly "request-id": string; readonly "client-request-id": string };
  };
}

/** The body as a Graph error (the shape is asserted by the tests that use it). */
export function graphError(response: RawResponse): GraphErrorBody["error"] {
  return (response.json as GraphErrorBody).error;
}

/** Pairs as sent in a PUT. */
export function pairs(record: Record<string, string>): { value: Array<{ key: string; value: string }> } {
  return { value: Object.entries(record).map(([key, value]) => ({ key, value })) };
}

/** The synchronization URL of a principal, plus a sub-path (e.g. `/jobs`, `/templates`). */
export function synchronizationUrl(emulator: Emulator, servicePrincipalId: string, subPath: string): string {
  return `${emulator.graphEndpoint}/v1.0/servicePrincipals/${servicePrincipalId}/synchronization${subPath}`;
}

/** Any Graph call under a principal's synchronization path, with a JSON body when one is given. */
export function graphCall(
  emulator: Emulator,
  token: string,
  method: string,
  servicePrincipalId: string,
  subPath: string,
  body?: unknown,
): Promise<RawResponse> {
  return rawRequest(synchronizationUrl(emulator, servicePrincipalId, subPath), {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
}

/** The synchronization service's error that Graph carries as a JSON string in `message`. */
export function serviceError(response: RawResponse): { code: string; message: string } {
  return (JSON.parse(graphError(response).message) as { error: { code: string; message: string } }).error;
}
