/** Encodes the offset of the next page as an opaque `$skiptoken`. */
export function encodeSkipToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString("base64url");
}

/** The offset a `$skiptoken` stands for, or undefined when it is not one the emulator issued. */
export function decodeSkipToken(token: string): number | undefined {
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
