/** What replaces a secret value in a message. */
export const REDACTED = "***";

// A JWT (three base64url parts, header starting with `{"`): federated tokens, access tokens, assertions.
const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
// `Bearer <token>` wherever a library echoes a header.
const BEARER = /(Bearer\s+)[^\s"',;]+/gi;
// Form or JSON fields that carry credentials, should an error echo a request body.
const CREDENTIAL_FIELD = /((?:client_secret|client_assertion|access_token|password)["']?\s*[=:]\s*["']?)[^\s"'&,}]+/gi;

const MAX_CAUSE_DEPTH = 4;

/** Removes the given secret values, JWTs, bearer tokens and credential fields from a text. */
export function redactText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) {
      result = result.split(secret).join(REDACTED);
    }
  }
  return result.replace(JWT, REDACTED).replace(BEARER, `$1${REDACTED}`).replace(CREDENTIAL_FIELD, `$1${REDACTED}`);
}

/**
 * A copy of an error chain that keeps only `name` and a redacted `message` per level. Errors from @azure/identity
 * and MSAL may hold request objects, headers and bodies; the copy can be logged or serialized safely.
 */
export function redactedCause(error: unknown, secrets: readonly string[], depth = 0): Error | undefined {
  if (error === undefined || error === null || depth >= MAX_CAUSE_DEPTH) {
    return undefined;
  }
  const source = error instanceof Error ? error : new Error(String(error));
  const inner = redactedCause(source.cause, secrets, depth + 1);
  const copy = new Error(redactText(source.message, secrets), inner === undefined ? undefined : { cause: inner });
  copy.name = source.name;
  delete copy.stack;
  return copy;
}
