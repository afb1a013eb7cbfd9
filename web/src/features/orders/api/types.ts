/** The orders API's shapes, taken from the server's TypeBox schemas (type-only imports). */

import type { OrderStatus as ServerOrderStatus } from '@server/db/types.js';
import type {
  CountedOrderPageSchema,
  OrderPageSchema,
  OrderAddress as ServerOrderAddress,
  OrderDetail as ServerOrderDetail,
  OrderListQuery as ServerOrderListQuery,
  OrderStatusChangeBody as ServerOrderStatusChangeBody,
  OrderSummary as ServerOrderSummary,
} from '@server/modules/orders/orders.schemas.js';
import type { Static } from '@sinclair/typebox';

export type OrderStatus = ServerOrderStatus;
export type OrderSummary = ServerOrderSummary;
export type OrderDetail = ServerOrderDetail;
export type OrderAddress = ServerOrderAddress;
export type OrderLine = OrderDetail['lines'][number];
export type OrderStatusChange = OrderDetail['statusHistory'][number];
export type OrderPage = Static<typeof OrderPageSchema>;
export type CountedOrderPage = Static<typeof CountedOrderPageSchema>;
export type OrderStatusChangeBody = ServerOrderStatusChangeBody;

/** The list's filters; the cursor is the infinite query's page parameter. */
export type OrderListFilters = Omit<ServerOrderListQuery, 'cursor' | 'limit'>;
