import { useInfiniteQuery } from '@tanstack/react-query';
import { cartKeys } from '../api/cart-keys';
import { listCustomerCarts } from '../api/carts-api';

/** The customer's carts, bought or not, latest activity first. */
export function useCustomerCarts(customerId: string) {
  return useInfiniteQuery({
    queryKey: cartKeys.customer(customerId),
    queryFn: ({ pageParam, signal }) => listCustomerCarts(customerId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}
