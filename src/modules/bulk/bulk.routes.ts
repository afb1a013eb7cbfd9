import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { startBulk } from '../../flows/bulk-customers.js';
import { problemResponse } from '../../http/schemas.js';
import type { ModuleSetup } from '../../lib/module.js';
import { JobSchema } from '../jobs/jobs.schemas.js';
import { BulkCountSchema, BulkRequestSchema } from './bulk.schemas.js';

const tags = ['bulk'];

/** Bulk actions on customers (mounted under /admin/v1): a count first, then a job. */
export const bulkRoutes =
  (setup: ModuleSetup): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/customers/bulk',
      {
        // Support may tag and change memberships; each action then asks for its single route's role
        // (startBulk), stated in the description: `x-field-roles` is for fields of a resource.
        config: { role: 'support' },
        schema: {
          tags,
          operationId: 'bulkCustomers',
          summary: 'Act on many customers at once',
          description:
            'Does `action` to every selected customer through the same rules as the single-customer route (and needs its role: support for tags and groups, admin for disable, enable, delete and export). `selection` is `{ids}` (up to 1,000) or every customer matching `q`, `filter` and `segmentId`, taken as a snapshot when the job starts. `dryRun: true` answers how many customers that is (200) and changes nothing; otherwise a job is queued (202): follow it at `/jobs/{id}`; customers it could not change (not found, a rule refused) are at `/jobs/{id}/errors`. Each changed customer gets one timeline entry. `export` queues an export job instead.',
          body: BulkRequestSchema,
          response: {
            200: BulkCountSchema,
            202: JobSchema,
            400: problemResponse(
              'Invalid input; `errors` names every bad field (a bad filter points at the position).',
            ),
            403: problemResponse('The action needs a higher role than yours.'),
            404: problemResponse('No such segment in this tenant.'),
          },
        },
      },
      async (request, reply) => {
        const answer = await startBulk(request.ctx, request.body, setup.customerFilters);
        if ('count' in answer) return reply.status(200).send(answer.count);
        return reply.status(202).header('location', `/admin/v1/jobs/${answer.job.id}`).send(answer.job);
      },
    );
  };
