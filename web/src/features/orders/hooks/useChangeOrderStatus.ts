import { useMutation, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '@/api/client';
import { creditKeys } from '@/features/credit/api/credit-keys';
import { customerKeys } from '@/features/customers/api/customer-keys';
import { orderKeys } from '../api/order-keys';
import { changeOrderStatus } from '../api/orders-api';
import type { OrderDetail, OrderStatusChangeBody } from '../api/types';

interface ChangeOrderStatusVariables {
  body: OrderStatusChangeBody;
  idempotencyKey: string;
}

/**
 * Moves the order to another status. The answer is the order as it is now; the lists, the
 * customer (order metrics, timeline) and their credit (a cancelled order gives back the credit
 * spent on it) are fetched again.
 */
export function useChangeOrderStatus(orderId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: ChangeOrderStatusVariables) =>
      changeOrderStatus(orderId, body, idempotencyKey),
    onSuccess: (order) => {
      queryClient.setQueryData<OrderDetail>(orderKeys.detail(orderId), order);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: orderKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: customerKeys.detail(order.customerId) }),
        queryClient.invalidateQueries({ queryKey: customerKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: creditKeys.customer(order.customerId) }),
      ]);
    },
    // Refused because the order moved on meanwhile (another admin, the checkout): show where it is now.
    onError: (error) => {
      if (isApiError(error) && error.status === 422)
        void queryClient.invalidateQueries({ queryKey: orderKeys.detail(orderId) });
    },
  });
}
