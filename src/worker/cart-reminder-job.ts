import type { Database } from '../db/database.js';
import { sendCartReminders } from '../modules/carts/carts.service.js';
import type { WorkerLogger } from './email-worker.js';
import { type PeriodicJob, startPeriodicJob } from './periodic-job.js';

export interface CartReminderJobOptions {
  db: Database;
  logger: WorkerLogger;
  /** How often to look for newly abandoned carts (default 5 minutes); 0 runs only on runOnce(). */
  everyMs?: number;
}

/**
 * Queues one reminder email per abandoned cart on the sites that ask for them (site setting
 * `cartReminders`), through the email outbox; a cart is claimed once across processes.
 */
export function startCartReminderJob(options: CartReminderJobOptions): PeriodicJob {
  return startPeriodicJob({
    name: 'cart-reminders',
    logger: options.logger,
    everyMs: options.everyMs ?? 300_000,
    batchSize: 200,
    batch: (size, requestId) => sendCartReminders(options.db, new Date(), size, requestId),
    done: { field: 'reminders', message: 'cart reminders queued' },
    failed: 'cart reminders failed; will retry',
  });
}
