import type { Database } from '../db/database.js';
import { expireDueCredit } from '../modules/credit/credit.service.js';
import type { WorkerLogger } from './email-worker.js';

export interface CreditExpiryJobOptions {
  db: Database;
  logger: WorkerLogger;
  /** How often to look for expired credit; 0 runs only on runOnce(). */
  everyMs?: number;
  /** The clock (tests and catch-up runs inject one). */
  now?: () => Date;
}

export interface CreditExpiryJob {
  /** Stops the timer and waits for a run under way. */
  stop(): Promise<void>;
  /** Expires everything due now (after a run already under way); answers how many grants expired. */
  runOnce(): Promise<number>;
}

const BATCH = 500;

/**
 * Takes expired store credit out of balances, every `everyMs` (a minute by default): each run
 * works through due credit in batches until a batch comes back short. Failures are logged and
 * tried again on the next run; credit due meanwhile stays spendable until then.
 */
export function startCreditExpiryJob(options: CreditExpiryJobOptions): CreditExpiryJob {
  const { db, logger } = options;
  const now = options.now ?? (() => new Date());
  let stopping = false;

  async function expireAll(): Promise<number> {
    let total = 0;
    while (!stopping) {
      const expired = await expireDueCredit(db, now(), BATCH);
      total += expired;
      if (expired < BATCH) break;
    }
    if (total > 0) logger.info({ expired: total }, 'store credit expired');
    return total;
  }

  // Runs go one at a time: runOnce() while one runs starts after it; a tick then is skipped.
  let chain: Promise<unknown> = Promise.resolve();
  let running = 0;
  const runOnce = (): Promise<number> => {
    running++;
    const run = chain.then(expireAll).finally(() => running--);
    chain = run.catch(() => undefined);
    return run;
  };
  const tick = () => {
    if (stopping || running > 0) return;
    runOnce().catch((error) =>
      logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'store credit expiry failed; retrying on the next run',
      ),
    );
  };

  const everyMs = options.everyMs ?? 60_000;
  const timer = everyMs > 0 ? setInterval(tick, everyMs) : null;
  if (everyMs > 0) tick();

  return {
    runOnce,
    async stop() {
      stopping = true;
      if (timer) clearInterval(timer);
      await chain;
    },
  };
}
