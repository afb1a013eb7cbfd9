import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { customerKeys } from '@/features/customers/api/customer-keys';
import { getJob } from '../api/bulk-api';

const finished = (status: string | undefined) =>
  status === 'succeeded' || status === 'failed' || status === 'cancelled';

/** A job polled every second until it finishes; then every customer grid and page refreshes. */
export function useBulkJob(id: string | null) {
  const queryClient = useQueryClient();
  const job = useQuery({
    queryKey: ['jobs', 'detail', id],
    queryFn: ({ signal }) => getJob(id as string, signal),
    enabled: id !== null,
    refetchInterval: (query) => (finished(query.state.data?.status) ? false : 1000),
  });
  const done = finished(job.data?.status);
  useEffect(() => {
    if (done) void queryClient.invalidateQueries({ queryKey: customerKeys.all });
  }, [done, queryClient]);
  return { job: job.data, done };
}
