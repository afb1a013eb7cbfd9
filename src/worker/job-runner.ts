import type { Database } from '../db/database.js';
import { newRequestId } from '../lib/ids.js';
import type { ModuleJob } from '../lib/module.js';
import { jobHandler, registeredJobKinds } from '../modules/jobs/job-handlers.js';
import {
  claimJob,
  finishJob,
  type JobProgress,
  type JobRecord,
  jobContext,
  jobSettings,
  onJobQueued,
  renewJobLease,
  saveJobCheckpoint,
} from '../modules/jobs/jobs.service.js';
import type { WorkerLogger } from './email-worker.js';
import { startPeriodicJob } from './periodic-job.js';
import './job-kinds.js';

/**
 * The kinds that commit a checkpoint with each batch (import, bulk change), so a rerun goes on
 * where the last one stopped. An export writes its file's parts from the first page on and has
 * no checkpoint: handed back, its rerun would find the parts already written.
 */
const HANDED_BACK_AT_SHUTDOWN = new Set(['import', 'bulk']);

/** Thrown into a batch's transaction when another worker holds the job now. */
class ClaimLost extends Error {}

/**
 * Runs one claimed job: a timer writes its progress and renews its lease every second (so a
 * live job is never claimed twice, and a dead worker's job is free once the lease ends), and
 * notices a cancel. The handler commits each batch with its checkpoint.
 */
async function runJob(
  db: Database,
  workerId: string,
  job: JobRecord,
  logger: WorkerLogger,
  shutdown: AbortSignal,
) {
  const requestId = newRequestId(`job-${job.kind}`);
  const ctx = jobContext(db, job, requestId);
  const stop = new AbortController();
  // The process is stopping: a job that resumes from its checkpoint ends after the batch it is
  // in (as for a cancel); any other runs on, within the shutdown's grace.
  const onShutdown = () => {
    if (HANDED_BACK_AT_SHUTDOWN.has(job.kind)) stop.abort();
  };
  shutdown.addEventListener('abort', onShutdown, { once: true });
  // Claimed while the stop began: handed back at its first batch.
  if (shutdown.aborted) onShutdown();
  let cancelled = false;
  let lost = false;
  const progress: JobProgress = {
    done: Number(job.progressDone),
    total: job.progressTotal === null ? null : Number(job.progressTotal),
    failed: Number(job.progressFailed),
  };
  const beat = async () => {
    const cancelAsked = await renewJobLease(ctx, job.id, workerId, progress);
    if (cancelAsked === undefined) lost = true;
    if (cancelAsked) cancelled = true;
    if (lost || cancelled) stop.abort();
  };
  let beating = Promise.resolve();
  const timer = setInterval(
    () => {
      beating = beating.then(beat).catch((error) => {
        logger.warn({ jobId: job.id, err: String(error).slice(0, 500) }, 'job lease renewal failed');
      });
    },
    Math.min(1000, jobSettings.leaseMs / 3),
  );
  const handler = jobHandler(job.kind);
  try {
    if (!handler) throw new Error(`No handler for jobs of kind ${job.kind}`);
    const result = await handler({
      job,
      ctx,
      signal: stop.signal,
      progress(next) {
        Object.assign(progress, next);
      },
      async checkpoint(trx, checkpoint, next) {
        Object.assign(progress, next);
        if (!(await saveJobCheckpoint(trx, job.id, workerId, checkpoint, progress))) throw new ClaimLost();
      },
    });
    clearInterval(timer);
    shutdown.removeEventListener('abort', onShutdown);
    await beating;
    if (lost) return;
    if (shutdown.aborted && stop.signal.aborted && !cancelled) {
      // Not finished: left running, it is claimed again when its lease ends and goes on from
      // its last committed batch (as after a crash, without the half-done batch).
      logger.info(
        { jobId: job.id, reqId: requestId, done: progress.done },
        'job handed back at shutdown; it resumes from its last checkpoint when its lease ends',
      );
      return;
    }
    await finishJob(ctx, job.id, workerId, cancelled ? 'cancelled' : 'succeeded', result, progress);
  } catch (error) {
    clearInterval(timer);
    shutdown.removeEventListener('abort', onShutdown);
    await beating;
    if (lost || error instanceof ClaimLost || (shutdown.aborted && stop.signal.aborted && !cancelled)) return;
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
    logger.error({ jobId: job.id, reqId: requestId, err: message }, 'job failed');
    await finishJob(ctx, job.id, workerId, 'failed', { error: message }, progress);
  }
}

/**
 * The job runner: claims queued jobs (and jobs whose worker died) of the kinds this process has
 * handlers for, one at a time, until none is left; then looks again every poll interval.
 * stop() hands the job running back after its current batch.
 */
export const jobRunner: ModuleJob = {
  name: 'jobs',
  start({ db, logger, everyMs }) {
    const workerId = newRequestId('worker');
    const shutdown = new AbortController();
    const periodic = startPeriodicJob({
      name: 'jobs',
      logger,
      everyMs: everyMs ?? jobSettings.pollMs,
      batchSize: 1,
      async batch() {
        const job = await claimJob(db, workerId, registeredJobKinds());
        if (!job) return 0;
        await runJob(db, workerId, job, logger, shutdown.signal);
        return 1;
      },
      done: { field: 'jobs', message: 'jobs run' },
      failed: 'job runner failed',
      onQueued: onJobQueued,
    });
    return {
      runOnce: periodic.runOnce,
      /** Ends the job running after its current batch, rather than after its last. */
      async stop() {
        shutdown.abort();
        await periodic.stop();
      },
    };
  },
};
