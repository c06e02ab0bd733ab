/** The tail of each principal's queue: the turn the next caller waits for. */
const queues = new Map<string, Promise<void>>();

/**
 * Runs `operation` once every earlier operation on the same principal (compared case-insensitively) has ended, and holds
 * the others back until it ends, whether it succeeds or fails: one writer at a time per principal in the process (as
 * terraform-provider-azuread's `LockByName`), as the engine runs resources in parallel and Graph says nothing about two
 * writers on one principal's synchronization; nothing reaches across processes. Never call it again for the same
 * principal from inside `operation`: that would wait for itself.
 */
export async function withPrincipalLock<T>(servicePrincipalId: string, operation: () => Promise<T>): Promise<T> {
  const key = servicePrincipalId.toLowerCase();
  const previous = queues.get(key) ?? Promise.resolve();
  let release: () => void = () => undefined;
  const turn = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => turn);
  queues.set(key, tail);
  await previous;
  try {
    return await operation();
  } finally {
    release();
    // The last in line leaves no entry behind, so a long run does not keep one per principal it ever touched.
    if (queues.get(key) === tail) queues.delete(key);
  }
}

/** How many principals have an operation running or waiting; for tests. */
export const lockedPrincipalCount = (): number => queues.size;
