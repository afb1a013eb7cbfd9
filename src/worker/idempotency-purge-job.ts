import type { Database } from '../db/database.js';
import { purgeExpiredIdempotencyKeys } from '../modules/idempotency/idempotency.service.js';
import type { WorkerLogger } from './email-worker.js';
import { type PeriodicJob, startPeriodicJob } from './periodic-job.js';

/** Deletes Idempotency-Keys past their 24 hours, hourly, so the table holds about a day of keys. */
export function startIdempotencyPurgeJob(options: {
  db: Database;
  logger: WorkerLogger;
  everyMs?: number;
}): PeriodicJob {
  return startPeriodicJob({
    name: 'idempotency-purge',
    logger: options.logger,
    everyMs: options.everyMs ?? 3_600_000,
    batchSize: 1000,
    batch: (size) => purgeExpiredIdempotencyKeys(options.db, size),
    done: { field: 'purged', message: 'expired idempotency keys deleted' },
    failed: 'idempotency key purge failed; retrying on the next run',
  });
}
