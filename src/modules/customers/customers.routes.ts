import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { listCustomersInView } from '../../flows/list-customers.js';
import { removeCustomer } from '../../flows/remove-customer.js';
import { IdParams, NoContent, problemResponse } from '../../http/schemas.js';
import type { CustomerFilterSource } from '../../lib/module.js';
import { customerErrors } from './customers.errors.js';
import {
  type CustomerCreate,
  CustomerCreateSchema,
  CustomerDetailSchema,
  CustomerGridPageSchema,
  CustomerListQuerySchema,
  type CustomerPatch,
  CustomerPatchSchema,
  CustomerSchema,
} from './customers.schemas.js';
import {
  checkCustomerCreate,
  checkCustomerPatch,
  createCustomer,
  customerFieldRoles,
  getCustomer,
  updateCustomer,
} from './customers.service.js';

const tags = ['customers'];
const badRequest = problemResponse('Invalid input; `errors` names every bad field.');
const notFound = problemResponse('No such customer in this tenant.');

/** Reads `If-Match`: an etag from this API (`"3"`, `W/"3"`), or `*`/absent for "any version". */
function expectedVersion(ifMatch: string | undefined): number | null {
  if (ifMatch === undefined || ifMatch.trim() === '*') return null;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch);
  if (!match) throw customerErrors.badEtag();
  return Number(match[1]);
}

/** The customer routes; `customerFilters` adds the other modules' attributes to the list's filter. */
export const customersRoutes =
  (customerFilters: CustomerFilterSource): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/customers',
      {
        config: { role: 'viewer' },
        schema: {
          tags,
          operationId: 'listCustomers',
          summary: 'List customers',
          description:
            'Customers of every site and customer set of the tenant, one page at a time. Search with `q`, narrow with `filter`, order with `sort`; follow `nextCursor` for the next page. Every filtered page answers in bounded time: when the service stops looking before the page is full it answers the matches found so far with `partial: true` and a `nextCursor` that goes on. The `Server-Timing` header names the plan that read the page (`list;desc="collect"`, `"walk"` or `"ordered"`). With `segment`, the list is that segment\'s members (combined with `q` and `filter`). Each row carries `groups`: the codes of the groups the customer is an active member of now.',
          querystring: CustomerListQuerySchema,
          response: {
            200: CustomerGridPageSchema,
            400: badRequest,
            404: problemResponse('The `segment` is not a segment of this tenant.'),
            503: problemResponse(
              'The page could not be read within the time limit (`list.timeout`); retry, or narrow the filter.',
            ),
          },
        },
      },
      async (request, reply) => {
        const { plan, ...page } = await listCustomersInView(request.ctx, request.query, customerFilters);
        if (plan) reply.header('server-timing', `list;desc="${plan}"`);
        return page;
      },
    );

    app.post(
      '/customers',
      {
        config: {
          role: 'support',
          fieldChecks: (request, body) => checkCustomerCreate(request.ctx, body as CustomerCreate),
        },
        schema: {
          tags,
          operationId: 'createCustomer',
          summary: 'Create a customer',
          description:
            'Creates a guest or registered customer, optionally with addresses. The first address becomes the default billing and shipping address unless others are flagged.',
          body: CustomerCreateSchema,
          response: {
            201: CustomerDetailSchema,
            400: badRequest,
            409: problemResponse('A registered customer with this email exists in the customer set.'),
          },
        },
      },
      async (request, reply) => {
        const customer = await createCustomer(request.ctx, request.body, { requireAttributes: true });
        return reply
          .status(201)
          .header('location', `/admin/v1/customers/${customer.id}`)
          .header('etag', customer.etag)
          .send(customer);
      },
    );

    app.get(
      '/customers/:id',
      {
        config: { role: 'viewer' },
        schema: {
          tags,
          operationId: 'getCustomer',
          summary: 'Get a customer',
          description: 'The customer with its addresses. The `ETag` header carries its version for If-Match.',
          params: IdParams,
          response: { 200: CustomerDetailSchema, 400: badRequest, 404: notFound },
        },
      },
      async (request, reply) => {
        const customer = await getCustomer(request.ctx, request.params.id);
        return reply.header('etag', customer.etag).send(customer);
      },
    );

    app.patch(
      '/customers/:id',
      {
        config: {
          role: 'support',
          fieldRoles: customerFieldRoles,
          fieldChecks: (request, body) =>
            checkCustomerPatch(request.ctx, (request.params as { id: string }).id, body as CustomerPatch),
        },
        schema: {
          tags,
          operationId: 'updateCustomer',
          summary: 'Change a customer',
          description:
            'Changes the given fields; `null` clears one. Send `If-Match` with the etag you read to refuse lost updates.',
          params: IdParams,
          headers: Type.Object({
            'if-match': Type.Optional(
              Type.String({ maxLength: 100, description: 'The etag of the version you changed.' }),
            ),
          }),
          body: CustomerPatchSchema,
          response: {
            200: CustomerSchema,
            400: badRequest,
            403: problemResponse(
              "The caller's role is too low for this operation, or for one of the fields it changes.",
            ),
            404: notFound,
            409: problemResponse('The email or external id is taken.'),
            412: problemResponse('The customer changed since the etag in If-Match.'),
          },
        },
      },
      async (request, reply) => {
        const customer = await updateCustomer(
          request.ctx,
          request.params.id,
          request.body,
          expectedVersion(request.headers['if-match']),
        );
        return reply.header('etag', customer.etag).send(customer);
      },
    );

    app.delete(
      '/customers/:id',
      {
        config: { role: 'admin' },
        schema: {
          tags,
          operationId: 'deleteCustomer',
          summary: 'Delete a customer',
          description:
            'Removes the customer and its addresses for good: only a customer holding nothing else. One with orders, a store-credit ledger or a registered account is kept (409 `customer.has_history`, naming each in `errors`): disable it instead.',
          params: IdParams,
          response: {
            204: NoContent,
            400: badRequest,
            404: notFound,
            409: problemResponse(
              'The customer holds records the store must keep (orders, store credit, a registered account); `errors` names them.',
            ),
          },
        },
      },
      async (request, reply) => {
        await removeCustomer(request.ctx, request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
