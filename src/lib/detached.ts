/**
 * Work a request starts but does not wait for, so the answer's timing cannot tell what the
 * work found (forgot-password: a known account's token and email must not make its answer
 * slower than an unknown one's). The work is kept track of, so shutting down waits for it
 * instead of cutting it off mid-transaction.
 */
const pending = new Set<Promise<void>>();

/**
 * Starts `work` on a later turn of the event loop and returns at once; a failure goes to
 * `onError` (the caller's log). Later, not now: embedded PGlite runs queries on this thread,
 * and work started at once would hold up the answer it must not delay.
 */
export function runDetached(work: () => Promise<unknown>, onError: (error: unknown) => void): void {
  const running: Promise<void> = new Promise((resolve) => setImmediate(resolve))
    .then(work)
    .then(
      () => undefined,
      (error: unknown) => onError(error),
    )
    .finally(() => pending.delete(running));
  pending.add(running);
}

/** Resolves once every piece of detached work started so far has finished. */
export async function settleDetachedWork(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending]);
}
