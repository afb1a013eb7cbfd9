import { useInfiniteQuery } from '@tanstack/react-query';
import { noteKeys } from '../api/note-keys';
import { listNotes } from '../api/notes-api';

/** The customer's staff notes, newest first, a page at a time. */
export function useCustomerNotes(customerId: string) {
  return useInfiniteQuery({
    queryKey: noteKeys.customer(customerId),
    queryFn: ({ pageParam, signal }) => listNotes(customerId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}
