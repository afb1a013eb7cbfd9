import type { Database } from '../db/database.js';
import { systemContext } from '../lib/context.js';
import { deleteEventsBefore } from '../modules/events/events.service.js';
import { purgeFinishedDeliveries } from '../modules/events/webhook-deliveries.service.js';
import { auditRetentions } from '../modules/tenants/tenants.service.js';
import type { WorkerLogger } from './email-worker.js';
import { type PeriodicJob, startPeriodicJob } from './periodic-job.js';

const DAY_MS = 86_400_000;

/**
 * One batch of the audit retention: deletes up to `size` entries older than their tenant's
 * `auditRetentionDays`, tenant after tenant, oldest first. Short batches end the run, so a run
 * deletes everything due in bounded statements (each holds its locks for `size` rows at most).
 */
export async function purgeExpiredAuditEntries(
  db: Database,
  size: number,
  requestId?: string,
  now = new Date(),
) {
  let deleted = 0;
  for (const tenant of await auditRetentions(db)) {
    if (deleted >= size) break;
    const ctx = systemContext(db, tenant.id, requestId);
    const before = new Date(now.getTime() - tenant.auditRetentionDays * DAY_MS);
    deleted += await deleteEventsBefore(ctx, before, size - deleted);
    // Webhook delivery logs are kept for a fixed time, however long the tenant keeps its audit log.
    if (deleted < size) deleted += await purgeFinishedDeliveries(ctx, size - deleted, now);
  }
  return deleted;
}

/**
 * Deletes audit log entries past their tenant's retention (default 365 days), and webhook
 * deliveries finished more than DELIVERY_LOG_DAYS ago, hourly.
 */
export function startAuditRetentionJob(options: {
  db: Database;
  logger: WorkerLogger;
  everyMs?: number;
}): PeriodicJob {
  return startPeriodicJob({
    name: 'audit-retention',
    logger: options.logger,
    everyMs: options.everyMs ?? 3_600_000,
    batchSize: 1000,
    batch: (size, requestId) => purgeExpiredAuditEntries(options.db, size, requestId),
    done: {
      field: 'deleted',
      message: 'audit log entries and webhook deliveries past their retention deleted',
    },
    failed: 'audit retention failed; retrying on the next run',
  });
}
