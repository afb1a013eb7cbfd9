import { runBulkJob } from '../flows/bulk-customers.js';
import { runExportJob } from '../flows/export-customers.js';
import { runImportJob } from '../flows/import-customers.js';
import { registerJobHandler } from '../modules/jobs/job-handlers.js';

/**
 * The handlers of each job kind, registered where the worker starts (handlers are flows, which
 * only entry points may import). A kind without a handler here is never claimed by this process.
 */
registerJobHandler('import', runImportJob);
registerJobHandler('export', runExportJob);
registerJobHandler('bulk', runBulkJob);
