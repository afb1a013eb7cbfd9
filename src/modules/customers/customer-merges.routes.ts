import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { findDuplicates } from '../../flows/find-duplicates.js';
import { mergeCustomers } from '../../flows/merge-customers.js';
import { IdParams, problemResponse } from '../../http/schemas.js';
import { DuplicateListSchema, MergeInputSchema, MergeResultSchema } from './customer-merges.schemas.js';

const tags = ['customers'];
const badRequest = problemResponse('Invalid input; `errors` names every bad field.');
const notFound = problemResponse(
  'No such customer in this tenant (`customer.not_found`, or `customer.merge_source_not_found` naming `/sourceId`); a merged id answers `customer.merged` naming the customer it went into.',
);

/** Duplicates of a customer and merging one into another (mounted under /admin/v1). */
export const customerMergesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/customers/:id/duplicates',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'listCustomerDuplicates',
        summary: "List a customer's likely duplicates",
        description:
          'Other customers of the tenant that are probably the same person: the same email (whatever its case), the same phone, or the same name and an address at the same postal code; each with its reasons and a score, most likely first. Every reason is an index read of at most 50 candidates, whatever the tenant size.',
        params: IdParams,
        response: { 200: DuplicateListSchema, 400: badRequest, 404: notFound },
      },
    },
    async (request) => ({ data: await findDuplicates(request.ctx, request.params.id) }),
  );

  app.post(
    '/customers/:id/merge',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        operationId: 'mergeCustomer',
        summary: 'Merge another customer into this one',
        description:
          "Moves everything of `sourceId` into this customer (the survivor) in one transaction: orders, carts, wish lists, store credit (the ledger as it is; balances added per currency), addresses (ones the survivor has already are dropped), tags, group memberships, roles, notes, custom attributes and the timeline. The survivor keeps its own values and takes the source's where it has none. The source is then deleted (a registered source's account and sessions with it): its id answers 404 `customer.merged` naming the survivor, and the survivor's timeline says `customer.merged` with the source's id. A registered source cannot go into a guest (409 `customer.merge_registered_into_guest`). `dryRun: true` answers the same result and changes nothing. Two merges of one source at once: one wins, the other answers 404.",
        params: IdParams,
        body: MergeInputSchema,
        response: {
          200: MergeResultSchema,
          400: badRequest,
          404: notFound,
          409: problemResponse(
            'The source is registered and this customer is a guest (`customer.merge_registered_into_guest`): merge the other way.',
          ),
        },
      },
    },
    (request) => mergeCustomers(request.ctx, request.params.id, request.body),
  );
};
