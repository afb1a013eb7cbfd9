import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { customerKeys } from '../api/customer-keys';
import { listCustomers } from '../api/customers-api';

export const CUSTOMER_PAGE_SIZE = 50;

interface CustomerListQuery {
  q: string;
  filter: string;
  sort: string;
  /** A segment opened as a view: only its members. */
  segment?: string;
}

/**
 * Pages of the customers grid by keyset cursor. Only the first page asks for the total, which the
 * server caps at 10,000. While a new search loads, the previous rows stay on screen (dimmed).
 *
 * A filtered page may come back `partial` (the server answers in bounded time and says where it
 * stopped looking): the grid then keeps fetching on its own, and says it is searching, until a
 * page's worth of rows has arrived since the last ask or the list ends. `loadMore` asks for the
 * next page's worth.
 */
export function useCustomerList(query: CustomerListQuery) {
  const list = useInfiniteQuery({
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
  const key = JSON.stringify(query);
  const [wanted, setWanted] = useState({ key, rows: CUSTOMER_PAGE_SIZE });
  const wantedRows = wanted.key === key ? wanted.rows : CUSTOMER_PAGE_SIZE;
  const pages = list.data?.pages;
  const shown = pages?.reduce((n, page) => n + page.data.length, 0) ?? 0;
  const searching = Boolean(
    pages?.at(-1)?.partial &&
      list.hasNextPage &&
      shown < wantedRows &&
      !list.isPlaceholderData &&
      !list.isError,
  );
  const { isFetchingNextPage, fetchNextPage } = list;
  useEffect(() => {
    if (searching && !isFetchingNextPage) void fetchNextPage();
  }, [searching, isFetchingNextPage, fetchNextPage]);
  const loadMore = useCallback(() => {
    setWanted({ key, rows: shown + CUSTOMER_PAGE_SIZE });
    void fetchNextPage();
  }, [key, shown, fetchNextPage]);
  return { list, searching, loadMore };
}
