/**
 * How the outbox workers (email, webhooks) run: `run` in passes, one at a time. A call while a
 * pass runs joins the next pass, which starts after it and so sees everything queued before the
 * call; any number of wake-ups make one pass. With `pollMs` > 0 a pass starts at once, then on
 * every tick and every `onQueued` wake-up; with 0 only `drain()` runs one (tests, runOnce).
 */
export function startSerialPasses(options: {
  pollMs: number;
  onQueued: (listener: () => void) => () => void;
  run: () => Promise<number>;
}): { drain(): Promise<number>; stop(): Promise<void> } {
  let stopped = false;
  let chain: Promise<unknown> = Promise.resolve();
  let next: Promise<number> | null = null;
  function pass(): Promise<number> {
    if (next) return next;
    const scheduled = chain.then(() => {
      next = null;
      return options.run();
    });
    next = scheduled;
    chain = scheduled.catch(() => undefined);
    return scheduled;
  }
  const runInBackground = () => {
    if (!stopped) void pass();
  };
  const timer = options.pollMs > 0 ? setInterval(runInBackground, options.pollMs) : null;
  const stopListening = options.pollMs > 0 ? options.onQueued(runInBackground) : () => undefined;
  if (options.pollMs > 0) runInBackground();
  return {
    drain: pass,
    /** No pass starts after this; answers once the one running has ended. */
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      stopListening();
      await chain;
    },
  };
}
