import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { cartKeys } from '../api/cart-keys';
import { listAbandonedCarts } from '../api/carts-api';
import type { AbandonedCartFilters } from '../api/types';

/**
 * The tenant's abandoned carts by keyset cursor. Carts become abandoned as time passes, so a
 * visit to the page always asks afresh.
 */
export function useAbandonedCarts(filters: AbandonedCartFilters) {
  return useInfiniteQuery({
    queryKey: cartKeys.abandoned(filters),
    queryFn: ({ pageParam, signal }) => listAbandonedCarts(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}
