import type { ModuleManifest } from '../../lib/module.js';
import { startIdempotencyPurgeJob } from '../../worker/idempotency-purge-job.js';
import { idempotencyCustomerData } from './customer-data.service.js';

export const idempotencyModule: ModuleManifest = {
  name: 'idempotency',
  core: true,
  jobs: [{ name: 'idempotency key purge', start: startIdempotencyPurgeJob }],
  customerData: idempotencyCustomerData,
};
