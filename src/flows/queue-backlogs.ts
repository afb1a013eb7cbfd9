import type { Database } from '../db/database.js';
import type { QueueDepth } from '../lib/metrics.js';
import { emailBacklog } from '../modules/email/email.service.js';
import { webhookBacklog } from '../modules/events/webhook-deliveries.service.js';
import { jobBacklog } from '../modules/jobs/jobs.service.js';

/**
 * The worker's three queues as /metrics reports them: the email outbox, webhook deliveries and
 * jobs, each read by its own module (one indexed statement each, across tenants). One after
 * the other, so a scrape holds one pooled connection at a time.
 */
export async function queueBacklogs(db: Database): Promise<QueueDepth[]> {
  return [await emailBacklog(db), await webhookBacklog(db), await jobBacklog(db)];
}
