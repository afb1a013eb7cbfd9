import { useInfiniteQuery } from '@tanstack/react-query';
import { customerKeys } from '@/features/customers/api/customer-keys';
import { listTimeline } from '../api/accounts-api';

/** A customer's timeline, newest first, one page of 20 events at a time. */
export function useCustomerTimeline(customerId: string) {
  return useInfiniteQuery({
    queryKey: customerKeys.timeline(customerId),
    queryFn: ({ pageParam, signal }) => listTimeline(customerId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor,
  });
}
