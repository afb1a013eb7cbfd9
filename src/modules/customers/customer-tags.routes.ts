import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, NoContent, problemResponse } from '../../http/schemas.js';
import {
  CustomerTagParams,
  CustomerTagsInputSchema,
  CustomerTagsSchema,
  MAX_TAG_LENGTH,
  MAX_TAGS,
  TagListQuerySchema,
  TagListSchema,
} from './customer-tags.schemas.js';
import { addCustomerTags, listTags, removeCustomerTag } from './customer-tags.service.js';

const tags = ['tags'];
const badRequest = problemResponse('Invalid input; `errors` names every bad field.');
const notFound = problemResponse('No such customer in this tenant.');

/** A customer's tags one at a time, and the tenant's tags for completion (mounted under /admin/v1). */
export const customerTagsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/customers/:id/tags',
    {
      config: { role: 'support' },
      schema: {
        tags,
        operationId: 'addCustomerTags',
        summary: 'Add tags to a customer',
        description: `Adds tags and keeps the ones the customer has: two people adding tags at once both keep theirs. Each tag is trimmed (up to ${MAX_TAG_LENGTH} characters); one the customer already has in any case is left as first spelled. A customer holds at most ${MAX_TAGS} tags: more is a 400 naming \`/tags\`. A change bumps the customer's version (the \`ETag\` header and \`etag\`) and goes on its timeline as \`customer.tags_added\`; adding only tags it has changes nothing.`,
        params: IdParams,
        body: CustomerTagsInputSchema,
        response: { 200: CustomerTagsSchema, 400: badRequest, 404: notFound },
      },
    },
    async (request, reply) => {
      const result = await addCustomerTags(request.ctx, request.params.id, request.body.tags);
      return reply.header('etag', result.etag).send(result);
    },
  );

  app.delete(
    '/customers/:id/tags/:tag',
    {
      config: { role: 'support' },
      schema: {
        tags,
        operationId: 'removeCustomerTag',
        summary: 'Remove a tag from a customer',
        description:
          "Removes one tag, matched without case; URL-encode it (`/tags/big%20spender`). A tag the customer does not have is a 404 `customer.tag_not_found`. The removal bumps the customer's version and goes on its timeline as `customer.tags_removed`.",
        params: CustomerTagParams,
        response: {
          204: NoContent,
          400: badRequest,
          404: problemResponse('No such customer in this tenant, or the customer has no such tag.'),
        },
      },
    },
    async (request, reply) => {
      await removeCustomerTag(request.ctx, request.params.id, request.params.tag);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/tags',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'listTags',
        summary: "List the tenant's tags",
        description:
          'Every tag some customer holds, with how many do, most used first and then A to Z: for completion as someone types a tag. `q` is a case-insensitive prefix. A tag nobody holds any more is gone. Tags differing only in case are one tag, shown as first spelled.',
        querystring: TagListQuerySchema,
        response: { 200: TagListSchema, 400: badRequest },
      },
    },
    (request) => listTags(request.ctx, request.query),
  );
};
