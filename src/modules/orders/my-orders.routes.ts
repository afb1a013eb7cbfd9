import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { problemResponse } from '../../http/schemas.js';
import { getMyOrder, listMyOrders } from './order-reads.service.js';
import { MyOrderListQuerySchema, MyOrderParams, MyOrderSchema, OrderPageSchema } from './orders.schemas.js';

const tags = ['me'];
const config = { store: 'shopper' as const };

/**
 * The signed-in shopper's purchase history (mounted under /store/v1). The customer is always
 * the session's; an order of anyone else is "not found".
 */
export const myOrdersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/me/orders',
    {
      config,
      schema: {
        tags,
        operationId: 'listMyOrders',
        summary: 'My orders',
        description:
          'Your orders on every site of this store, newest first, including those placed as a guest with your email before you registered. Follow `nextCursor` for the next page.',
        querystring: MyOrderListQuerySchema,
        response: { 200: OrderPageSchema, 400: problemResponse('Invalid limit or cursor.') },
      },
    },
    (request) => listMyOrders(request.store, request.shopper.customerId, request.query),
  );

  app.get(
    '/me/orders/:orderId',
    {
      config,
      schema: {
        tags,
        operationId: 'getMyOrder',
        summary: 'One of my orders',
        description: 'The order with its lines, addresses and status history.',
        params: MyOrderParams,
        response: {
          200: MyOrderSchema,
          400: problemResponse('The order id is not a UUID.'),
          404: problemResponse('You have no order with this id.'),
        },
      },
    },
    (request) => getMyOrder(request.store, request.shopper.customerId, request.params.orderId),
  );
};
