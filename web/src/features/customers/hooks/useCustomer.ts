import { useQuery } from '@tanstack/react-query';
import { customerKeys } from '../api/customer-keys';
import { getCustomer } from '../api/customers-api';

/** One customer with their addresses. */
export function useCustomer(id: string) {
  return useQuery({
    queryKey: customerKeys.detail(id),
    queryFn: ({ signal }) => getCustomer(id, signal),
  });
}
