import type { JobKind } from '../../db/types.js';
import type { RequestContext } from '../../lib/context.js';
import type { JobProgress, JobRecord } from './jobs.repository.js';

/** What a handler gets for one run of a job (a resumed job gets a new run). */
export interface JobRun {
  job: JobRecord;
  /** The job's tenant, its creator as the actor, this run's request id. */
  ctx: RequestContext;
  /** Aborted when the job is cancelled or this worker lost its claim: stop after the batch. */
  signal: AbortSignal;
  /** The latest progress; the runner writes it (and renews the lease) every second. */
  progress(progress: Partial<JobProgress>): void;
  /**
   * Writes the checkpoint and progress in the batch's own transaction (`trx`), so the batch and
   * where to resume commit together. Throws when the claim was lost, which rolls the batch back.
   */
  checkpoint(trx: RequestContext, checkpoint: Record<string, unknown>, progress: JobProgress): Promise<void>;
}

/** Runs one job to its end (or until `run.signal` aborts); answers the job's `result`. */
export type JobHandler = (run: JobRun) => Promise<Record<string, unknown>>;

const handlers = new Map<JobKind, JobHandler>();

/**
 * Says how jobs of `kind` run. The worker's src/worker/job-kinds.ts registers the handlers (they
 * are flows, which modules cannot import); a process only claims jobs of registered kinds.
 */
export function registerJobHandler(kind: JobKind, handler: JobHandler) {
  handlers.set(kind, handler);
}

export const jobHandler = (kind: JobKind) => handlers.get(kind);
export const registeredJobKinds = () => [...handlers.keys()];
