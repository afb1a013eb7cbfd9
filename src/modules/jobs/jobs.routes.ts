import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { emptyBodyAsObject } from '../../http/optional-body.js';
import { IdParams, problemResponse } from '../../http/schemas.js';
import { csvErrorReport } from './job-errors-csv.js';
import { JobListQuerySchema, JobPageSchema, JobSchema } from './jobs.schemas.js';
import { cancelJob, getJob, jobDownload, listJobs, requireImportJob } from './jobs.service.js';

const tags = ['jobs'];
// A file answer is a stream: Fastify sends it as it is, past the response schemas (which type
// the JSON answers and so do not admit a stream).
const stream = (source: AsyncIterable<string | Buffer>) => Readable.from(source) as unknown as string;
const badRequest = problemResponse('Invalid input; `errors` names every bad field.');
const noJob = problemResponse('No such job in this tenant.');
const fileOf = (description: string, types: string[]) => ({
  description,
  content: Object.fromEntries(types.map((type) => [type, { schema: Type.String({ maxLength: 2 ** 31 }) }])),
});

/** The tenant's jobs (mounted under /admin/v1): imports, exports and bulk actions. */
export const jobsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/jobs',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'listJobs',
        summary: 'List jobs',
        description: 'The tenant’s jobs, newest first; `kind` keeps one kind.',
        querystring: JobListQuerySchema,
        response: { 200: JobPageSchema, 400: badRequest },
      },
    },
    (request) => listJobs(request.ctx, request.query),
  );

  app.get(
    '/jobs/:id',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'getJob',
        summary: 'Get a job',
        description:
          'The job with its status and progress (written at least once a second while it runs) and, once finished, its result.',
        params: IdParams,
        response: { 200: JobSchema, 400: badRequest, 404: noJob },
      },
    },
    (request) => getJob(request.ctx, request.params.id),
  );

  app.post(
    '/jobs/:id/cancel',
    {
      config: { role: 'admin' },
      preValidation: emptyBodyAsObject,
      schema: {
        tags,
        operationId: 'cancelJob',
        summary: 'Cancel a job',
        description:
          'A queued job is cancelled at once; a running one stops after the batch it is writing (batches already written stay). A finished job is a 409.',
        params: IdParams,
        body: Type.Optional(Type.Object({}, { additionalProperties: false })),
        response: {
          200: JobSchema,
          400: badRequest,
          404: noJob,
          409: problemResponse('The job has finished already.'),
        },
      },
    },
    (request) => cancelJob(request.ctx, request.params.id),
  );

  app.get(
    '/jobs/:id/download',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        operationId: 'downloadJobFile',
        summary: "Download an export's file",
        description:
          "Streams the file an export makes (CSV or NDJSON, as asked). A finished export's file comes with its `Content-Length`; a queued or running one's is sent as it is written, from the first part to the last, so the download can start with the export (when the export fails or is cancelled meanwhile, the transfer breaks off unfinished rather than ending short). 404 for a job that makes no file, or an export that failed or was cancelled.",
        params: IdParams,
        response: {
          200: fileOf('The file.', ['text/csv', 'application/x-ndjson']),
          400: badRequest,
          404: problemResponse('No such job in this tenant, or it has no file.'),
        },
      },
    },
    async (request, reply) => {
      const file = await jobDownload(request.ctx, request.params.id);
      if (file.size !== null) reply.header('content-length', file.size);
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(stream(file.body));
    },
  );

  app.get(
    '/jobs/:id/errors',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        operationId: 'getJobErrors',
        summary: "Download an import's row errors",
        description:
          'Every refused row of an import as CSV `line,column,value,message` (line numbers are the file’s, header = 1), in line order; only the header while none. For a bulk action, each customer it could not change (`line` is its place in the selection, `column` is `customerId`). 404 for an export.',
        params: IdParams,
        response: {
          200: fileOf('The errors report.', ['text/csv']),
          400: badRequest,
          404: problemResponse('No such import in this tenant.'),
        },
      },
    },
    async (request, reply) => {
      await requireImportJob(request.ctx, request.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-${request.params.id}-errors.csv"`)
        .send(stream(csvErrorReport(request.ctx, request.params.id)));
    },
  );
};
