import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, problemResponse } from '../../http/schemas.js';
import {
  AbandonedCartPageSchema,
  AbandonedCartsQuerySchema,
  CartConvertSchema,
  CartPageSchema,
  CartPutSchema,
  CartSchema,
  CustomerCartsQuerySchema,
} from './carts.schemas.js';
import { convertCart, getCart, listAbandonedCarts, listCustomerCarts, putCart } from './carts.service.js';

const tags = ['carts'];
const badRequest = problemResponse('Invalid input; `errors` names every bad field.');
const notFound = problemResponse('No such cart in this tenant.');

/**
 * Carts as the store's checkout reports them, and the Abandoned carts page. The checkout's
 * API key needs the support role: it writes carts, and nothing about admins or settings.
 */
export const cartsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/carts/abandoned',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'listAbandonedCarts',
        summary: 'List abandoned carts',
        description:
          "Carts of every site that have lines, no order, and no activity for their site's abandonment window (`abandonmentHours`), with value, age, site and customer. Sort by `lastActivityAt` (default most recent first) or `value`; follow `nextCursor` for the next page.",
        querystring: AbandonedCartsQuerySchema,
        response: { 200: AbandonedCartPageSchema, 400: badRequest },
      },
    },
    (request) => listAbandonedCarts(request.ctx, request.query),
  );

  app.put(
    '/carts/:id',
    {
      config: { role: 'support' },
      schema: {
        tags,
        operationId: 'putCart',
        summary: 'Create or replace a cart',
        description:
          "The checkout names the cart with its own UUID and sends the whole cart each time: the lines replace the stored ones and the subtotal is recomputed. `lastActivityAt` defaults to now. A bought cart can't change (409).",
        params: IdParams,
        body: CartPutSchema,
        response: {
          200: CartSchema,
          201: CartSchema,
          400: badRequest,
          409: problemResponse('The cart was converted to an order and can no longer change.'),
        },
      },
    },
    async (request, reply) => {
      const { created, cart } = await putCart(request.ctx, request.params.id, request.body);
      if (created) reply.status(201).header('location', `/admin/v1/carts/${cart.id}`);
      return reply.send(cart);
    },
  );

  app.get(
    '/carts/:id',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'getCart',
        summary: 'Get a cart',
        description: 'The cart with its lines, and whether it is abandoned now.',
        params: IdParams,
        response: { 200: CartSchema, 400: badRequest, 404: notFound },
      },
    },
    (request) => getCart(request.ctx, request.params.id),
  );

  app.post(
    '/carts/:id/convert',
    {
      config: { role: 'support' },
      schema: {
        tags,
        operationId: 'convertCart',
        summary: 'Mark a cart bought',
        description:
          'Records the order the cart became; the cart is no longer open or abandoned. Sending the same order again changes nothing; another order is a 409.',
        params: IdParams,
        body: CartConvertSchema,
        response: {
          200: CartSchema,
          400: badRequest,
          404: notFound,
          409: problemResponse('The cart was already converted to another order.'),
        },
      },
    },
    (request) => convertCart(request.ctx, request.params.id, request.body),
  );

  app.get(
    '/customers/:id/carts',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        operationId: 'listCustomerCarts',
        summary: "List a customer's carts",
        description:
          "The customer's carts with their lines, bought or not, latest activity first; each says whether it is abandoned.",
        params: IdParams,
        querystring: CustomerCartsQuerySchema,
        response: {
          200: CartPageSchema,
          400: badRequest,
          404: problemResponse('No such customer in this tenant.'),
        },
      },
    },
    (request) => listCustomerCarts(request.ctx, request.params.id, request.query),
  );
};
