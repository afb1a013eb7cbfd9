/**
 * Batch writes running at most `concurrency` at a time, so the seeders read and generate the
 * next batch while earlier ones are written. The first failure stops the caller's loop
 * (`failed`); `drain` waits for the writes still running and then throws it, so a failure
 * leaves whole batches only.
 */
export function boundedWrites(concurrency: number) {
  let failed = false;
  let failure: unknown;
  const inFlight = new Set<Promise<void>>();
  return {
    get failed() {
      return failed;
    },
    /** Starts tracking `write`; waits while `concurrency` writes are running. */
    async add(write: Promise<void>) {
      const tracked: Promise<void> = write
        .catch((error: unknown) => {
          if (failed) return;
          failed = true;
          failure = error;
        })
        .finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
    },
    async drain() {
      await Promise.all(inFlight);
      if (failed) throw failure;
    },
  };
}
