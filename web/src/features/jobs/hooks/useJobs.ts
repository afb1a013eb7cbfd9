import { useInfiniteQuery } from '@tanstack/react-query';
import { jobKeys } from '../api/job-keys';
import { listJobs } from '../api/jobs-api';
import { isActive, JOB_POLL_MS } from '../lib/job-status';

/** The tenant's jobs, newest first, a page at a time; asked again every second while one is unfinished. */
export function useJobs() {
  return useInfiniteQuery({
    queryKey: jobKeys.list(),
    queryFn: ({ pageParam, signal }) => listJobs(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.data.some(isActive)) ? JOB_POLL_MS : false,
  });
}
