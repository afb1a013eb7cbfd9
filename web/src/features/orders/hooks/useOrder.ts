import { useQuery } from '@tanstack/react-query';
import { orderKeys } from '../api/order-keys';
import { getOrder } from '../api/orders-api';

/** One order with its lines, addresses and status history. */
export function useOrder(id: string) {
  return useQuery({
    queryKey: orderKeys.detail(id),
    queryFn: ({ signal }) => getOrder(id, signal),
  });
}
