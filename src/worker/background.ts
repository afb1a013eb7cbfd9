import type { Database } from '../db/database.js';
import { setJobCustomerFilters } from '../flows/job-customer-filters.js';
import { mergedCustomerFilters, type RunMode } from '../lib/module.js';
import { enabledModules } from '../modules/index.js';
import { startEmailWorker, type WorkerLogger } from './email-worker.js';
import { startWebhookWorker } from './webhook-worker.js';

export interface BackgroundWork {
  /** Runs every job once and sends the emails and webhooks due; answers how many emails were handled. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Everything that runs besides requests: the email and webhook outboxes, and the jobs of the modules that run
 * (cart reminders, store-credit expiry, the purge of old idempotency keys: each module's
 * manifest lists its own). `clientele serve` runs it in-process; `clientele worker` runs it
 * alone. With `once`, nothing runs on a timer: call runOnce().
 */
export function startBackgroundWork(options: {
  db: Database;
  logger: WorkerLogger;
  smtpUrl: string | null;
  from: string;
  /** CLIENTELE_WEBHOOKS_ALLOW_PRIVATE: webhooks may go to private addresses (default: refused). */
  webhooksAllowPrivate?: boolean;
  once?: boolean;
  /** CLIENTELE_MODULES: a module left out runs no jobs. */
  modules: readonly string[] | null;
  /** CLIENTELE_MODE: order-management-only mode runs no marketing or segment jobs. */
  mode?: RunMode;
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
  const webhooks = startWebhookWorker({
    db,
    logger,
    allowPrivate: options.webhooksAllowPrivate ?? false,
    ...(options.once ? { pollMs: 0 } : {}),
  });
  // Bulk snapshots and exports read their filter with every enabled module's attributes (group, role…).
  setJobCustomerFilters(mergedCustomerFilters(enabledModules(options.modules, options.mode)));
  // The outbox is last in runOnce(): emails the jobs queue go out in the same run.
  const jobs = enabledModules(options.modules, options.mode).flatMap((module) =>
    (module.jobs ?? []).map((job) => job.start({ db, logger, everyMs })),
  );
  return {
    async runOnce() {
      for (const job of jobs) await job.runOnce();
      // Webhooks first: an endpoint disabled in this run emails the owners in this run.
      await webhooks.drain();
      return emails.drain();
    },
    /**
     * Side by side: each outbox worker ends the send in progress and hands back the rest of its
     * batch (email) or finishes its batch (webhooks, sent together), while the jobs end theirs.
     */
    async stop() {
      await Promise.all([...jobs.map((job) => job.stop()), webhooks.stop(), emails.stop()]);
    },
  };
}
