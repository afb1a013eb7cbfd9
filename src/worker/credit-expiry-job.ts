import type { Database } from '../db/database.js';
import { expireDueCredit } from '../modules/credit/credit.service.js';
import type { WorkerLogger } from './email-worker.js';
import { type PeriodicJob, startPeriodicJob } from './periodic-job.js';

export interface CreditExpiryJobOptions {
  db: Database;
  logger: WorkerLogger;
  /** How often to look for expired credit (default a minute); 0 runs only on runOnce(). */
  everyMs?: number;
  /** The clock (tests and catch-up runs inject one). */
  now?: () => Date;
}

/**
 * Takes expired store credit out of balances. Credit due between runs stays spendable until
 * the next run takes it out.
 */
export function startCreditExpiryJob(options: CreditExpiryJobOptions): PeriodicJob {
  const now = options.now ?? (() => new Date());
  return startPeriodicJob({
    name: 'credit-expiry',
    logger: options.logger,
    everyMs: options.everyMs ?? 60_000,
    batchSize: 500,
    batch: (size, requestId) => expireDueCredit(options.db, now(), size, requestId),
    done: { field: 'expired', message: 'store credit expired' },
    failed: 'store credit expiry failed; retrying on the next run',
  });
}
