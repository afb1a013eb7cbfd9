import { newRequestId } from '../lib/ids.js';
import type { WorkerLogger } from './email-worker.js';

export interface PeriodicJob {
  /** Stops the timer and waits for a run already under way. */
  stop(): Promise<void>;
  /** Does everything due now (after a run already under way); answers how many items it handled. */
  runOnce(): Promise<number>;
}

export interface PeriodicJobOptions {
  /** The job's name in its runs' request ids (`job-<name>-<uuid>`), kebab-case. */
  name: string;
  logger: WorkerLogger;
  /** How often to run; 0 runs only on runOnce(). */
  everyMs: number;
  /** One batch of work, in the run named by `requestId`; answers how many items it handled. */
  batch: (size: number, requestId: string) => Promise<number>;
  batchSize: number;
  /** Log line (and field) when a run handled anything, and the log line when it failed. */
  done: { field: string; message: string };
  failed: string;
  /** Subscribes to this process's "work was queued" signal: a run then starts at once (when idle). */
  onQueued?: (listener: () => void) => () => void;
}

/**
 * A background job that runs batches every `everyMs` until a batch comes back short. Runs in
 * this process go one at a time (a tick while one runs is dropped, runOnce() queues after it);
 * other processes may run the same job, which every batch must tolerate (row locks, skip
 * locked, conditional updates). Failures are logged and the next run tries again. Each run
 * has its own request id, which its log lines (`reqId`, as Fastify's) and the events its work
 * records carry.
 */
export function startPeriodicJob(options: PeriodicJobOptions): PeriodicJob {
  const { logger } = options;
  let stopping = false;

  async function run(): Promise<number> {
    const reqId = newRequestId(`job-${options.name}`);
    // The run's lines carry its id under Fastify's key, so one search finds requests and runs alike.
    const log = logger.child?.({ reqId }) ?? logger;
    let total = 0;
    try {
      while (!stopping) {
        const handled = await options.batch(options.batchSize, reqId);
        total += handled;
        if (handled < options.batchSize) break;
      }
    } catch (error) {
      log.error(
        { err: (error instanceof Error ? error.message : String(error)).slice(0, 1000) },
        options.failed,
      );
      throw error;
    }
    if (total > 0) log.info({ [options.done.field]: total }, options.done.message);
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
    // run() has logged a failure; the next tick tries again.
    runOnce()
      .catch(() => undefined)
      .finally(() => {
        busy = false;
      });
  };
  const timer = options.everyMs > 0 ? setInterval(tick, options.everyMs) : null;
  const stopListening = options.everyMs > 0 && options.onQueued ? options.onQueued(tick) : () => undefined;
  if (options.everyMs > 0) tick();

  return {
    runOnce,
    async stop() {
      stopping = true;
      stopListening();
      if (timer) clearInterval(timer);
      await chain;
    },
  };
}
