import { useQuery } from '@tanstack/react-query';
import { listDuplicates } from '../api/merge-api';
import { mergeKeys } from '../api/merge-keys';

/** The customer's likely duplicates, most likely first. */
export function useDuplicates(customerId: string) {
  return useQuery({
    queryKey: mergeKeys.duplicates(customerId),
    queryFn: ({ signal }) => listDuplicates(customerId, signal),
    select: (list) => list.data,
  });
}
