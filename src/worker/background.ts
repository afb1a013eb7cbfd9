import type { Database } from '../db/database.js';
import { startCartReminderJob } from './cart-reminder-job.js';
import { startCreditExpiryJob } from './credit-expiry-job.js';
import { startEmailWorker, type WorkerLogger } from './email-worker.js';
import { startIdempotencyPurgeJob } from './idempotency-purge-job.js';

export interface BackgroundWork {
  /** Runs every job once and sends the emails due; answers how many emails were handled. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Everything that runs besides requests: the email outbox, cart reminders, store-credit expiry
 * and the purge of old idempotency keys. `clientele serve` runs it in-process; `clientele
 * worker` runs it alone. With `once`, nothing runs on a timer: call runOnce().
 */
export function startBackgroundWork(options: {
  db: Database;
  logger: WorkerLogger;
  smtpUrl: string | null;
  from: string;
  once?: boolean;
}): BackgroundWork {
  const { db, logger } = options;
  const everyMs = options.once ? 0 : undefined;
  const emails = startEmailWorker({
    db,
    smtpUrl: options.smtpUrl,
    from: options.from,
    logger,
    ...(options.once ? { pollMs: 0 } : {}),
  });
  const jobs = [
    startCartReminderJob({ db, logger, everyMs }),
    startCreditExpiryJob({ db, logger, everyMs }),
    startIdempotencyPurgeJob({ db, logger, everyMs }),
  ];
  return {
    async runOnce() {
      for (const job of jobs) await job.runOnce();
      return emails.drain();
    },
    async stop() {
      for (const job of jobs) await job.stop();
      await emails.stop();
    },
  };
}
