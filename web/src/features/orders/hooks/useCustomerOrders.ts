import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { orderKeys } from '../api/order-keys';
import { listCustomerOrders } from '../api/orders-api';
import type { OrderListFilters } from '../api/types';

/** One customer's orders, a page at a time. */
export function useCustomerOrders(customerId: string, sort: OrderListFilters['sort']) {
  return useInfiniteQuery({
    queryKey: orderKeys.customer(customerId, sort),
    queryFn: ({ pageParam, signal }) => listCustomerOrders(customerId, sort, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    placeholderData: keepPreviousData,
  });
}
