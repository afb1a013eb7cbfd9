export type {
  BulkAction,
  BulkCount,
  BulkParams,
  BulkRequest,
  BulkSelection,
} from '@server/modules/bulk/bulk.schemas.js';
export type { Job } from '@server/modules/jobs/jobs.schemas.js';
