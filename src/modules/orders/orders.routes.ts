import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { placeOrder } from '../../flows/place-order.js';
import { IdParams, problemResponse } from '../../http/schemas.js';
import { sendIdempotent } from '../idempotency/idempotency.reply.js';
import { idempotencyHeaders, optionalIdempotencyHeaders } from '../idempotency/idempotency.schemas.js';
import { getOrder, listCustomerOrders, listOrders } from './order-reads.service.js';
import { changeOrderStatus } from './order-status.service.js';
import {
  CountedOrderPageSchema,
  CustomerOrderListQuerySchema,
  OrderCreateSchema,
  OrderDetailSchema,
  OrderListQuerySchema,
  OrderPageSchema,
  OrderSchema,
  OrderStatusChangeBodySchema,
} from './orders.schemas.js';

const tags = ['orders'];
const badRequest = problemResponse('Invalid input; `errors` names every bad field.');
const notFound = problemResponse('No such order in this tenant.');

/**
 * Orders as the store's checkout reports them, and their status changes. Writes need the
 * support role, so a checkout's API key can record orders without being able to manage admins,
 * keys or sites.
 */
export const ordersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/orders',
    {
      config: { role: 'support' },
      schema: {
        tags,
        operationId: 'createOrder',
        summary: 'Record an order',
        description:
          "Records an order from the checkout. Name the customer by `customerId`, or give the shopper's details in `customer`: the order then goes to a new guest, or — when the site registers shoppers automatically — to the registered customer with that email (created and invited by email to set a password if there is none). The totals are recomputed from the lines; a `total` that differs is a 422. Send an `Idempotency-Key`: a retry with the same key and body gets the first answer again with `Idempotent-Replayed: true`.",
        headers: idempotencyHeaders('order'),
        body: OrderCreateSchema,
        response: {
          201: OrderSchema,
          400: badRequest,
          409: problemResponse(
            'The order number is already used on this site, or a request with this Idempotency-Key is still running.',
          ),
          422: problemResponse(
            'The total does not match the lines, the site refuses guest checkout, the customer is disabled, or the Idempotency-Key was used with another request.',
          ),
        },
      },
    },
    async (request, reply) => {
      const result = await placeOrder(request.ctx, request.headers['idempotency-key'], request.body);
      // Only successful answers are kept, so a replay is a 201 with its Location too.
      reply.header('location', `/admin/v1/orders/${result.body.id}`);
      return sendIdempotent(reply, result);
    },
  );

  app.get(
    '/orders',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'listOrders',
        summary: 'List orders',
        description:
          'Orders of every site of the tenant, newest first, one page at a time. `q` finds an order number (or numbers starting with it) or, with an `@`, an email. Follow `nextCursor` for the next page.',
        querystring: OrderListQuerySchema,
        response: { 200: CountedOrderPageSchema, 400: badRequest },
      },
    },
    (request) => listOrders(request.ctx, request.query),
  );

  app.get(
    '/orders/:id',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'getOrder',
        summary: 'Get an order',
        description: 'The order with its lines and its status history (who changed it, and when).',
        params: IdParams,
        response: { 200: OrderDetailSchema, 400: badRequest, 404: notFound },
      },
    },
    (request) => getOrder(request.ctx, request.params.id),
  );

  app.post(
    '/orders/:id/status',
    {
      config: { role: 'support' },
      schema: {
        tags,
        operationId: 'changeOrderStatus',
        summary: "Change an order's status",
        description:
          "Moves the order along an allowed transition: placed → paid | cancelled; paid → fulfilled | cancelled | refunded | partially_refunded; fulfilled → refunded | partially_refunded; partially_refunded → partially_refunded | refunded. `amount` (with partially_refunded only) adds to `refundedTotal` and must leave part of the total unrefunded. Cancelled and refunded orders stop counting toward the customer's order metrics.",
        params: IdParams,
        headers: optionalIdempotencyHeaders('status change'),
        body: OrderStatusChangeBodySchema,
        response: {
          200: OrderDetailSchema,
          400: badRequest,
          404: notFound,
          409: problemResponse('A request with this Idempotency-Key is still running.'),
          422: problemResponse(
            'The transition is not allowed from the current status, the refund is too large, or the Idempotency-Key was used with another request.',
          ),
        },
      },
    },
    async (request, reply) => {
      const result = await changeOrderStatus(
        request.ctx,
        request.params.id,
        request.body,
        request.headers['idempotency-key'],
      );
      return sendIdempotent(reply, result);
    },
  );

  app.get(
    '/customers/:id/orders',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'listCustomerOrders',
        summary: "A customer's orders",
        description: "The customer's orders on every site, newest first, paged by cursor.",
        params: IdParams,
        querystring: CustomerOrderListQuerySchema,
        response: {
          200: OrderPageSchema,
          400: badRequest,
          404: problemResponse('No such customer in this tenant.'),
        },
      },
    },
    (request) => listCustomerOrders(request.ctx, request.params.id, request.query),
  );
};
