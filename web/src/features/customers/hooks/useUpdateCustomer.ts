import { useMutation, useQueryClient } from '@tanstack/react-query';
import { customerKeys } from '../api/customer-keys';
import { updateCustomer } from '../api/customers-api';
import type { CustomerInput, CustomerWithAddresses } from '../api/types';

interface UpdateCustomerVariables {
  etag: string;
  input: CustomerInput;
}

/** Saves changed fields with `If-Match`; a 412 means someone else saved first. */
export function useUpdateCustomer(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ etag, input }: UpdateCustomerVariables) => updateCustomer(id, etag, input),
    onSuccess: (customer) => {
      queryClient.setQueryData<CustomerWithAddresses>(customerKeys.detail(id), (current) =>
        current ? { ...current, ...customer } : current,
      );
      return queryClient.invalidateQueries({ queryKey: customerKeys.lists() });
    },
  });
}
