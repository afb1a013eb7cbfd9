import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { listMailbox } from '../api/mailbox-api';
import { mailboxKeys } from '../api/mailbox-keys';

/** Emails newest first, optionally only those to one address; pages of 50 by cursor. */
export function useMailbox(to: string) {
  return useInfiniteQuery({
    queryKey: mailboxKeys.list(to),
    queryFn: ({ pageParam, signal }) => listMailbox({ to, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    placeholderData: keepPreviousData,
    // New emails arrive all the time (the worker sends them): a visit to the page shows them.
    staleTime: 0,
  });
}
