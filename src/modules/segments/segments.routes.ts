import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, NoContent, problemResponse } from '../../http/schemas.js';
import type { CustomerFilterSource } from '../../lib/module.js';
import { CustomerPageSchema } from '../customers/customers.schemas.js';
import {
  SegmentCreateSchema,
  SegmentListQuerySchema,
  SegmentMembersQuerySchema,
  SegmentPageSchema,
  SegmentPatchSchema,
  SegmentPreviewInputSchema,
  SegmentPreviewSchema,
  SegmentSchema,
} from './segments.schemas.js';
import {
  createSegment,
  deleteSegment,
  getSegment,
  listSegmentMembers,
  listSegments,
  previewSegment,
  updateSegment,
} from './segments.service.js';

const tags = ['segments'];
const badRequest = problemResponse(
  'Invalid input; `errors` names every bad field. A bad filter names `/filter`, and its message gives the position of the fault.',
);
const notFound = problemResponse('No such segment in this tenant.');
const nameTaken = problemResponse('Another segment of the tenant has this name (whatever its case).');

/**
 * Segments: saved customer filters (mounted under /admin/v1). `customerFilters` adds the other
 * modules' attributes (group, role, attributes.<code>…), so a filter on them can be saved.
 */
export const segmentsRoutes =
  (customerFilters: CustomerFilterSource): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/segments',
      {
        config: { role: 'viewer' },
        schema: {
          tags,
          operationId: 'listSegments',
          summary: 'List segments',
          description: "The tenant's saved customer filters, by name unless `sort` says otherwise.",
          querystring: SegmentListQuerySchema,
          response: { 200: SegmentPageSchema, 400: badRequest },
        },
      },
      (request) => listSegments(request.ctx, request.query),
    );

    app.post(
      '/segments',
      {
        config: { role: 'support' },
        schema: {
          tags,
          operationId: 'createSegment',
          summary: 'Save a segment',
          description:
            'A named customer filter. The filter is checked now (a bad one is a 400 with the position) and applied as written at every use: members are whoever matches at the time.',
          body: SegmentCreateSchema,
          response: { 201: SegmentSchema, 400: badRequest, 409: nameTaken },
        },
      },
      async (request, reply) => {
        const segment = await createSegment(request.ctx, request.body, customerFilters);
        return reply.status(201).header('location', `/admin/v1/segments/${segment.id}`).send(segment);
      },
    );

    app.post(
      '/segments/preview',
      {
        config: { role: 'viewer' },
        schema: {
          tags,
          operationId: 'previewSegment',
          summary: 'Preview a filter',
          description:
            "How many customers a filter selects now (exact up to 10,000, else a lower bound), their share of the tenant's customers and the first five in the grid's default order. Nothing is saved; the segment editor calls it as you type.",
          body: SegmentPreviewInputSchema,
          response: { 200: SegmentPreviewSchema, 400: badRequest },
        },
      },
      (request) => previewSegment(request.ctx, request.body.filter, customerFilters),
    );

    app.get(
      '/segments/:id',
      {
        config: { role: 'viewer' },
        schema: {
          tags,
          operationId: 'getSegment',
          summary: 'Get a segment',
          description: 'The segment with its filter as saved.',
          params: IdParams,
          response: { 200: SegmentSchema, 400: badRequest, 404: notFound },
        },
      },
      (request) => getSegment(request.ctx, request.params.id),
    );

    app.patch(
      '/segments/:id',
      {
        config: { role: 'support' },
        schema: {
          tags,
          operationId: 'updateSegment',
          summary: 'Change a segment',
          description: 'Changes the given fields; a new filter is checked as on creation.',
          params: IdParams,
          body: SegmentPatchSchema,
          response: { 200: SegmentSchema, 400: badRequest, 404: notFound, 409: nameTaken },
        },
      },
      (request) => updateSegment(request.ctx, request.params.id, request.body, customerFilters),
    );

    app.delete(
      '/segments/:id',
      {
        config: { role: 'support' },
        schema: {
          tags,
          operationId: 'deleteSegment',
          summary: 'Delete a segment',
          description: 'Removes the saved filter; no customer changes.',
          params: IdParams,
          response: { 204: NoContent, 400: badRequest, 404: notFound },
        },
      },
      async (request, reply) => {
        await deleteSegment(request.ctx, request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/segments/:id/customers',
      {
        config: { role: 'viewer' },
        schema: {
          tags,
          operationId: 'listSegmentCustomers',
          summary: "List a segment's customers",
          description:
            "Whoever matches the segment's filter now, paged exactly as the customer list (`GET /customers?segment={id}` gives the same pages): `sort`, `cursor`, `limit`, `includeTotal`. A page may be `partial`; follow `nextCursor`.",
          params: IdParams,
          querystring: SegmentMembersQuerySchema,
          response: {
            200: CustomerPageSchema,
            400: badRequest,
            404: notFound,
            503: problemResponse(
              'The page could not be read within the time limit (`list.timeout`); retry, or narrow the filter.',
            ),
          },
        },
      },
      async (request, reply) => {
        const { plan, ...page } = await listSegmentMembers(
          request.ctx,
          request.params.id,
          request.query,
          customerFilters,
        );
        if (plan) reply.header('server-timing', `list;desc="${plan}"`);
        return page;
      },
    );
  };
