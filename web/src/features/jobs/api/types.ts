/** The API's shapes for jobs, imports and exports (src/modules/jobs/*.schemas.ts). */
export type JobKind = 'import' | 'export' | 'bulk';
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface Job {
  id: string;
  kind: JobKind;
  status: JobStatus;
  progress: { done: number; total?: number; failed: number };
  result: Record<string, unknown> | null;
  createdBy: { type: string; id: string; label: string | null };
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface JobPage {
  data: Job[];
  nextCursor: string | null;
}

export type ImportMode = 'create' | 'update' | 'upsert';
export type ImportMatch = 'email' | 'externalId';

export interface ImportOptions {
  mode: ImportMode;
  match: ImportMatch;
  dryRun: boolean;
}

export type ExportFormat = 'csv' | 'ndjson' | 'shopify';

export interface ExportRequest {
  format: ExportFormat;
  q?: string;
  filter?: string;
  segmentId?: string;
}
