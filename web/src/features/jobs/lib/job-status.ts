import type { Job, JobStatus } from '../api/types';

/** How often a page showing an unfinished job asks again. */
export const JOB_POLL_MS = 1000;

export const isActive = (job: Pick<Job, 'status'>) => job.status === 'queued' || job.status === 'running';

export const statusLabel: Record<JobStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const statusColor: Record<JobStatus, string> = {
  queued: 'gray',
  running: 'blue',
  succeeded: 'teal',
  failed: 'red',
  cancelled: 'orange',
};

/** A count the handler put in the job's result (created, updated, rows…), or 0. */
export const resultCount = (job: Job, key: string): number => {
  const value = job.result?.[key];
  return typeof value === 'number' ? value : 0;
};
