import { describe, expect, it } from "vitest";

import { AccessTokenCache, type CachedToken } from "../../../provider/auth/tokenSource";

const MINUTE = 60_000;

/** A token endpoint stand-in: counts calls, and each call can be resolved or failed by the test. */
class FakeIssuer {
  calls = 0;
  private readonly pending: Array<{ resolve: (token: CachedToken) => void; reject: (error: Error) => void }> = [];

  acquire = (): Promise<CachedToken> => {
    this.calls += 1;
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  };

  issue(token: string, expiresOnTimestamp: number, refreshAfterTimestamp?: number): void {
    const next = this.pending.shift();
    if (next === undefined) throw new Error("no token request is waiting");
    next.resolve({ token, expiresOnTimestamp, ...(refreshAfterTimestamp === undefined ? {} : { refreshAfterTimestamp }) });
  }

  fail(error: Error): void {
    const next = this.pending.shift();
    if (next === undefined) throw new Error("no token request is waiting");
    next.reject(error);
  }
}

function setup() {
  let now = 1_000_000;
  const issuer = new FakeIssuer();
  const cache = new AccessTokenCache(issuer.acquire, () => now);
  return {
    issuer,
    cache,
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
  };
}

async function settle(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

describe("AccessTokenCache", () => {
  it("shares one acquisition between concurrent first callers", async () => {
    const { issuer, cache, now } = setup();
    const calls = Array.from({ length: 20 }, () => cache.get());
    await settle();
    expect(issuer.calls).toBe(1);
    issuer.issue("token-1", now() + 60 * MINUTE);
    expect(await Promise.all(calls)).toEqual(Array(20).fill("token-1"));
  });

  it("serves the cached token without asking again until the renewal time", async () => {
    const { issuer, cache, advance, now } = setup();
    const first = cache.get();
    await settle();
    issuer.issue("token-1", now() + 60 * MINUTE);
    await first;
    advance(54 * MINUTE);
    expect(await cache.get()).toBe("token-1");
    expect(issuer.calls).toBe(1);
  });

  it("renews in the background five minutes before expiry and keeps serving the old token meanwhile", async () => {
    const { issuer, cache, advance, now } = setup();
    const first = cache.get();
    await settle();
    issuer.issue("token-1", now() + 60 * MINUTE);
    await first;
    advance(56 * MINUTE);
    expect(await cache.get()).toBe("token-1");
    expect(issuer.calls).toBe(2);
    expect(await cache.get()).toBe("token-1");
    expect(issuer.calls).toBe(2);
    issuer.issue("token-2", now() + 60 * MINUTE);
    await settle();
    expect(await cache.get()).toBe("token-2");
  });

  it("honours the issuer's refresh-after time when it is earlier", async () => {
    const { issuer, cache, advance, now } = setup();
    const first = cache.get();
    await settle();
    issuer.issue("token-1", now() + 60 * MINUTE, now() + 30 * MINUTE);
    await first;
    advance(29 * MINUTE);
    await cache.get();
    expect(issuer.calls).toBe(1);
    advance(2 * MINUTE);
    await cache.get();
    expect(issuer.calls).toBe(2);
  });

  it("waits for a new token once the held one is about to expire", async () => {
    const { issuer, cache, advance, now } = setup();
    const first = cache.get();
    await settle();
    issuer.issue("token-1", now() + 60 * MINUTE);
    await first;
    advance(60 * MINUTE - 10_000);
    const second = cache.get();
    await settle();
    expect(issuer.calls).toBe(2);
    issuer.issue("token-2", now() + 60 * MINUTE);
    expect(await second).toBe("token-2");
  });

  it("keeps the held token after a failed background renewal and retries after a quiet period", async () => {
    const { issuer, cache, advance, now } = setup();
    const first = cache.get();
    await settle();
    issuer.issue("token-1", now() + 60 * MINUTE);
    await first;
    advance(56 * MINUTE);
    expect(await cache.get()).toBe("token-1");
    issuer.fail(new Error("token endpoint down"));
    await settle();
    expect(await cache.get()).toBe("token-1");
    expect(issuer.calls).toBe(2);
    advance(11_000);
    expect(await cache.get()).toBe("token-1");
    expect(issuer.calls).toBe(3);
  });

  it("rejects every waiting caller when the first acquisition fails, and tries again on the next call", async () => {
    const { issuer, cache, now } = setup();
    const calls = [cache.get(), cache.get()];
    await settle();
    issuer.fail(new Error("refused"));
    await expect(Promise.all(calls)).rejects.toThrow("refused");
    const retry = cache.get();
    await settle();
    expect(issuer.calls).toBe(2);
    issuer.issue("token-1", now() + 60 * MINUTE);
    expect(await retry).toBe("token-1");
  });

  it("does not renew a short-lived token in the first half of its life", async () => {
    const { issuer, cache, advance, now } = setup();
    const first = cache.get();
    await settle();
    issuer.issue("token-1", now() + 4 * MINUTE);
    await first;
    advance(MINUTE);
    await cache.get();
    expect(issuer.calls).toBe(1);
    advance(MINUTE + 1);
    await cache.get();
    expect(issuer.calls).toBe(2);
  });
});
