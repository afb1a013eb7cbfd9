import { ApiError, apiRequest, type FieldProblem } from '@/api/client';
import type { ExportRequest, ImportOptions, Job, JobPage } from './types';

const jobPath = (id: string) => `/jobs/${encodeURIComponent(id)}`;

export const listJobs = (cursor: string | null, signal?: AbortSignal) =>
  apiRequest<JobPage>('/jobs', { query: { limit: 25, cursor }, signal });
export const getJob = (id: string, signal?: AbortSignal) => apiRequest<Job>(jobPath(id), { signal });
export const cancelJob = (id: string) => apiRequest<Job>(`${jobPath(id)}/cancel`, { method: 'POST' });
export const startExport = (request: ExportRequest) =>
  apiRequest<Job>('/exports', { method: 'POST', body: request });

/** Where the browser downloads a finished export (the session cookie goes along: same origin). */
export const jobDownloadUrl = (id: string) => `/admin/v1${jobPath(id)}/download`;
/** Where the browser downloads an import's refused rows as CSV. */
export const jobErrorsUrl = (id: string) => `/admin/v1${jobPath(id)}/errors`;

/** The content type the server reads a file as: NDJSON by its extension, CSV otherwise. */
export const importContentType = (file: File) =>
  /\.(ndjson|jsonl)$/i.test(file.name) ? 'application/x-ndjson' : 'text/csv';

/**
 * Sends a file to POST /imports and answers the queued job. XMLHttpRequest rather than fetch:
 * only it reports upload progress in every browser (fetch has no upload progress events).
 */
export function uploadImport(
  file: File,
  options: ImportOptions,
  onProgress: (sent: number, total: number) => void,
): { done: Promise<Job>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const query = new URLSearchParams({
    mode: options.mode,
    match: options.match,
    dryRun: String(options.dryRun),
  });
  const done = new Promise<Job>((resolve, reject) => {
    xhr.upload.onprogress = (event) =>
      onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onerror = () =>
      reject(new ApiError({ status: 0, title: 'Network error', detail: 'The server could not be reached.' }));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    xhr.onload = () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(xhr.responseText) as Record<string, unknown>;
      } catch {
        // A body that is not JSON leaves only the status to report.
      }
      if (xhr.status === 202) {
        onProgress(file.size, file.size);
        resolve(body as unknown as Job);
        return;
      }
      reject(
        new ApiError({
          status: xhr.status,
          title:
            typeof body.title === 'string' ? body.title : xhr.statusText || `Upload failed (${xhr.status})`,
          detail: typeof body.detail === 'string' ? body.detail : undefined,
          code: typeof body.code === 'string' ? body.code : undefined,
          errors: Array.isArray(body.errors) ? (body.errors as FieldProblem[]) : [],
        }),
      );
    };
  });
  xhr.open('POST', `/admin/v1/imports?${query}`);
  xhr.withCredentials = true;
  xhr.setRequestHeader('content-type', importContentType(file));
  xhr.setRequestHeader('accept', 'application/json');
  xhr.send(file);
  return { done, abort: () => xhr.abort() };
}
