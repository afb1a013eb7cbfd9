import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { customerKeys } from '../api/customer-keys';
import { listCustomers } from '../api/customers-api';

export const CUSTOMER_PAGE_SIZE = 50;

interface CustomerListQuery {
  q: string;
  filter: string;
  sort: string;
}

/**
 * Pages of the customers grid by keyset cursor. Only the first page asks for the total, which the
 * server caps at 10,000. While a new search loads, the previous rows stay on screen (dimmed).
 */
export function useCustomerList(query: CustomerListQuery) {
  return useInfiniteQuery({
    queryKey: customerKeys.list(query),
    queryFn: ({ pageParam, signal }) =>
      listCustomers(
        { ...query, limit: CUSTOMER_PAGE_SIZE, cursor: pageParam, includeTotal: pageParam === null },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    placeholderData: keepPreviousData,
  });
}
