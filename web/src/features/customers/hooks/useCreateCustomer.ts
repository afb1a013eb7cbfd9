import { useMutation, useQueryClient } from '@tanstack/react-query';
import { customerKeys } from '../api/customer-keys';
import { createCustomer } from '../api/customers-api';
import type { CustomerWithAddresses } from '../api/types';

export function useCreateCustomer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createCustomer,
    onSuccess: (customer) => {
      // Seed the customer page so it renders at once after the redirect.
      queryClient.setQueryData<CustomerWithAddresses>(customerKeys.detail(customer.id), {
        ...customer,
        addresses: [],
      });
      return queryClient.invalidateQueries({ queryKey: customerKeys.lists() });
    },
  });
}
