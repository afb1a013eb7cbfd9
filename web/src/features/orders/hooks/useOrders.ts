import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { orderKeys } from '../api/order-keys';
import { listOrders } from '../api/orders-api';
import type { OrderListFilters } from '../api/types';

/** The tenant's orders by keyset cursor; while new filters load, the previous rows stay (dimmed). */
export function useOrders(filters: OrderListFilters) {
  return useInfiniteQuery({
    queryKey: orderKeys.list(filters),
    queryFn: ({ pageParam, signal }) => listOrders(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    placeholderData: keepPreviousData,
  });
}
