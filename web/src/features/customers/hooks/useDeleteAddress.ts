import { useMutation, useQueryClient } from '@tanstack/react-query';
import { customerKeys } from '../api/customer-keys';
import { deleteAddress } from '../api/customers-api';

export function useDeleteAddress(customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (addressId: string) => deleteAddress(customerId, addressId),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: customerKeys.detail(customerId) }),
        queryClient.invalidateQueries({ queryKey: customerKeys.lists() }),
      ]),
  });
}
