import { useQuery } from '@tanstack/react-query';
import { jobKeys } from '../api/job-keys';
import { getJob } from '../api/jobs-api';
import { isActive, JOB_POLL_MS } from '../lib/job-status';

/** One job, followed every second until it has finished. */
export function useJob(id: string | null) {
  return useQuery({
    queryKey: jobKeys.job(id ?? ''),
    queryFn: ({ signal }) => getJob(id ?? '', signal),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data && !isActive(query.state.data) ? false : JOB_POLL_MS),
  });
}
