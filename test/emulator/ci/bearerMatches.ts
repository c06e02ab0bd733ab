import { timingSafeEqual } from "node:crypto";

/** True when `Authorization: Bearer <token>` carries exactly `expected`, compared in constant time. */
export function bearerMatches(authorization: string | undefined, expected: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? "");
  if (match?.[1] === undefined) return false;
  const given = Buffer.from(match[1].trim());
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
