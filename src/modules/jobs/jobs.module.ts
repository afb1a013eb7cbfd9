import type { ModuleManifest } from '../../lib/module.js';
import { jobRunner } from '../../worker/job-runner.js';
import { jobsCustomerData } from './customer-data.service.js';
import { jobsRoutes } from './jobs.routes.js';
import { transfersRoutes } from './transfers.routes.js';

export const jobsModule: ModuleManifest = {
  name: 'jobs',
  tags: [
    {
      name: 'jobs',
      description:
        'Long work run by the worker: imports, exports and bulk actions, with progress, cancel, downloads and error reports.',
    },
  ],
  adminRoutes: (setup) => [jobsRoutes, transfersRoutes(setup)],
  jobs: [jobRunner],
  customerData: jobsCustomerData,
};
