import { Emulator } from "../../emulator";
import { rawRequest, RawResponse } from "./rawHttps";

/** POSTs a form to the tenant's token endpoint (or another tenant's). */
export function requestToken(emulator: Emulator, form: Record<string, string>, tenant = emulator.tenantId): Promise<RawResponse> {
  return rawRequest(`${emulator.origin}/${tenant}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded;charset=utf-8" },
    body: new URLSearchParams(form).toString(),
  });
}

/** The Entra error body. */
export interface EntraErrorBody {
  readonly error: string;
  readonly error_description: string;
  readonly error_codes: number[];
  readonly timestamp: string;
  readonly trace_id: string;
  readonly correlation_id: string;
}

/** Decodes a JWT's claims without verifying (the emulator's tests verify through the emulator itself). */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
}
