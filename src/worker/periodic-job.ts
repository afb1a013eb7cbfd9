import type { WorkerLogger } from './email-worker.js';

export interface PeriodicJob {
  /** Stops the timer and waits for a run already under way. */
  stop(): Promise<void>;
  /** Does everything due now (after a run already under way); answers how many items it handled. */
  runOnce(): Promise<number>;
}

export interface PeriodicJobOptions {
  logger: WorkerLogger;
  /** How often to run; 0 runs only on runOnce(). */
  everyMs: number;
  /** One batch of work; answers how many items it handled. */
  batch: (size: number) => Promise<number>;
  batchSize: number;
  /** Log line (and field) when a run handled anything, and the log line when it failed. */
  done: { field: string; message: string };
  failed: string;
}

/**
 * A background job that runs batches every `everyMs` until a batch comes back short. Runs in
 * this process go one at a time (a tick while one runs is dropped, runOnce() queues after it);
 * other processes may run the same job, which every batch must tolerate (row locks, skip
 * locked, conditional updates). Failures are logged and the next run tries again.
 */
export function startPeriodicJob(options: PeriodicJobOptions): PeriodicJob {
  const { logger } = options;
  let stopping = false;

  async function run(): Promise<number> {
    let total = 0;
    while (!stopping) {
      const handled = await options.batch(options.batchSize);
      total += handled;
      if (handled < options.batchSize) break;
    }
    if (total > 0) logger.info({ [options.done.field]: total }, options.done.message);
    return total;
  }

  let chain: Promise<unknown> = Promise.resolve();
  const runOnce = (): Promise<number> => {
    const next = chain.then(run);
    chain = next.catch(() => undefined);
    return next;
  };
  let busy = false;
  const tick = () => {
    if (stopping || busy) return;
    busy = true;
    runOnce()
      .catch((error) =>
        logger.error(
          { err: (error instanceof Error ? error.message : String(error)).slice(0, 1000) },
          options.failed,
        ),
      )
      .finally(() => {
        busy = false;
      });
  };
  const timer = options.everyMs > 0 ? setInterval(tick, options.everyMs) : null;
  if (options.everyMs > 0) tick();

  return {
    runOnce,
    async stop() {
      stopping = true;
      if (timer) clearInterval(timer);
      await chain;
    },
  };
}
