import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { listAudit } from '../api/audit-api';

/** The audit log for a filter, newest first, a page at a time. */
export function useAuditLog(filter: string) {
  return useInfiniteQuery({
    queryKey: ['audit', filter] as const,
    queryFn: ({ pageParam, signal }) => listAudit(filter, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
    retry: false,
  });
}
