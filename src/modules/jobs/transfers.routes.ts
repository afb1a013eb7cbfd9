import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { startExport } from '../../flows/export-customers.js';
import { startImport } from '../../flows/import-customers.js';
import { problemResponse } from '../../http/schemas.js';
import { DomainError } from '../../lib/errors.js';
import type { ModuleSetup } from '../../lib/module.js';
import { JobSchema } from './jobs.schemas.js';
import { ExportRequestSchema, ImportQuerySchema } from './transfers.schemas.js';

const tags = ['jobs'];
const badRequest = problemResponse('Invalid input; `errors` names every bad field.');
const FILE_TYPES = { 'text/csv': 'csv', 'application/x-ndjson': 'ndjson' } as const;

/** Imports and exports of customers (mounted under /admin/v1): each answers a queued job. */
export const transfersRoutes =
  (setup: ModuleSetup): FastifyPluginAsyncTypebox =>
  async (app) => {
    // The file stays a stream: the route pipes it into the job's parts, never into memory.
    app.addContentTypeParser(Object.keys(FILE_TYPES), (_request, payload, done) => done(null, payload));

    app.post(
      '/imports',
      {
        config: { role: 'admin' },
        schema: {
          tags,
          operationId: 'importCustomers',
          summary: 'Import customers from a file',
          description:
            "Send the file as the body, `text/csv` (Clientele's columns or Shopify's customer CSV, told apart by the header; UTF-8 with or without BOM) or `application/x-ndjson`, up to 1 GiB. The file is stored and a job queued: follow it at `/jobs/{id}`; refused rows are at `/jobs/{id}/errors`. docs/import-export.md lists the columns.",
          querystring: ImportQuerySchema,
          response: {
            202: JobSchema,
            400: badRequest,
            404: problemResponse('No such newsletter in this tenant.'),
            422: problemResponse('The file is larger than 1 GiB.'),
          },
        },
      },
      async (request, reply) => {
        const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
        const format = FILE_TYPES[type as keyof typeof FILE_TYPES];
        if (!format || typeof (request.body as AsyncIterable<Buffer>)?.[Symbol.asyncIterator] !== 'function')
          throw new DomainError(
            'invalid',
            'import.file_type',
            'Send the file as text/csv or application/x-ndjson.',
            [{ path: '/content-type', in: 'header', message: 'must be text/csv or application/x-ndjson' }],
          );
        const job = await startImport(request.ctx, request.body as AsyncIterable<Buffer>, {
          mode: request.query.mode ?? 'create',
          match: request.query.match ?? 'email',
          dryRun: request.query.dryRun ?? false,
          format,
          ...(request.query.newsletterId ? { newsletterId: request.query.newsletterId } : {}),
        });
        return reply.status(202).header('location', `/admin/v1/jobs/${job.id}`).send(job);
      },
    );

    app.post(
      '/exports',
      {
        config: { role: 'admin' },
        schema: {
          tags,
          operationId: 'exportCustomers',
          summary: 'Export customers to a file',
          description:
            'Queues an export of the customers matching `q`, `filter` and `segmentId` (all when absent). When the job has succeeded, `/jobs/{id}/download` streams the file. CSV cells that a spreadsheet would run as a formula are neutralised.',
          body: ExportRequestSchema,
          response: {
            202: JobSchema,
            400: badRequest,
            404: problemResponse('No such segment in this tenant.'),
          },
        },
      },
      async (request, reply) => {
        const job = await startExport(request.ctx, request.body, setup.customerFilters);
        return reply.status(202).header('location', `/admin/v1/jobs/${job.id}`).send(job);
      },
    );
  };
