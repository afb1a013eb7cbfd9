import { apiRequest } from '@/api/client';
import type {
  CountedOrderPage,
  OrderDetail,
  OrderListFilters,
  OrderPage,
  OrderStatusChangeBody,
} from './types';

export const ORDER_PAGE_SIZE = 50;

const orderPath = (id: string) => `/orders/${encodeURIComponent(id)}`;

/** The tenant's orders, newest first unless `filters.sort` says otherwise. */
export function listOrders(filters: OrderListFilters, cursor: string | null, signal?: AbortSignal) {
  return apiRequest<CountedOrderPage>('/orders', {
    signal,
    query: { ...filters, limit: ORDER_PAGE_SIZE, cursor, includeTotal: cursor === null ? 'true' : undefined },
  });
}

/** One customer's orders on every site. */
export function listCustomerOrders(
  customerId: string,
  sort: OrderListFilters['sort'],
  cursor: string | null,
  signal?: AbortSignal,
) {
  return apiRequest<OrderPage>(`/customers/${encodeURIComponent(customerId)}/orders`, {
    signal,
    query: { sort, limit: ORDER_PAGE_SIZE, cursor },
  });
}

export function getOrder(id: string, signal?: AbortSignal) {
  return apiRequest<OrderDetail>(orderPath(id), { signal });
}

/** `idempotencyKey` makes a retried change (a partial refund above all) apply once. */
export function changeOrderStatus(id: string, body: OrderStatusChangeBody, idempotencyKey: string) {
  return apiRequest<OrderDetail>(`${orderPath(id)}/status`, {
    method: 'POST',
    body,
    headers: { 'idempotency-key': idempotencyKey },
  });
}
