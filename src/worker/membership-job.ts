import type { Database } from '../db/database.js';
import { processMembershipEnds } from '../modules/groups/memberships.service.js';
import type { WorkerLogger } from './email-worker.js';
import { type PeriodicJob, startPeriodicJob } from './periodic-job.js';

export interface MembershipJobOptions {
  db: Database;
  logger: WorkerLogger;
  /** How often to look for ended memberships (default a minute); 0 runs only on runOnce(). */
  everyMs?: number;
  /** The clock (tests and catch-up runs inject one). */
  now?: () => Date;
}

/**
 * Ends memberships whose `validTo` has passed (an event on each customer's timeline) and queues
 * the reminder emails groups ask for, once each. A membership past its end between runs is no
 * longer active (every read compares with the clock); the run only records it.
 */
export function startMembershipJob(options: MembershipJobOptions): PeriodicJob {
  const now = options.now ?? (() => new Date());
  return startPeriodicJob({
    name: 'membership-ends',
    logger: options.logger,
    everyMs: options.everyMs ?? 60_000,
    batchSize: 500,
    batch: (size, requestId) => processMembershipEnds(options.db, now(), size, requestId),
    done: { field: 'memberships', message: 'membership ends and reminders handled' },
    failed: 'membership ends failed; retrying on the next run',
  });
}
