import { API_BASE, apiRequest } from '@/api/client';
import type { BulkCount, BulkRequest, Job } from './types';

/** Starts a bulk action (202: its job) or, with `dryRun`, answers how many customers it would reach. */
export const startBulk = (request: BulkRequest & { dryRun?: false }) =>
  apiRequest<Job>('/customers/bulk', { method: 'POST', body: request });

export const countBulk = (request: BulkRequest) =>
  apiRequest<BulkCount>('/customers/bulk', { method: 'POST', body: { ...request, dryRun: true } });

export const getJob = (id: string, signal?: AbortSignal) =>
  apiRequest<Job>(`/jobs/${encodeURIComponent(id)}`, { signal });

/** Where the browser downloads a job's refusals (CSV) and an export's file. */
export const jobErrorsUrl = (id: string) => `${API_BASE}/jobs/${encodeURIComponent(id)}/errors`;
export const jobDownloadUrl = (id: string) => `${API_BASE}/jobs/${encodeURIComponent(id)}/download`;
