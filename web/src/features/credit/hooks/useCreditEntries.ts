import { useInfiniteQuery } from '@tanstack/react-query';
import { listCreditEntries } from '../api/credit-api';
import { creditKeys } from '../api/credit-keys';

/** The customer's credit ledger, newest first, a page at a time. */
export function useCreditEntries(customerId: string) {
  return useInfiniteQuery({
    queryKey: creditKeys.entries(customerId),
    queryFn: ({ pageParam, signal }) => listCreditEntries(customerId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}
