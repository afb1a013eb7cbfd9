import { useQuery } from '@tanstack/react-query';
import { getCreditBalances } from '../api/credit-api';
import { creditKeys } from '../api/credit-keys';

/** The customer's credit balance in each currency they ever had credit in. */
export function useCreditBalances(customerId: string) {
  return useQuery({
    queryKey: creditKeys.balances(customerId),
    queryFn: ({ signal }) => getCreditBalances(customerId, signal),
  });
}
