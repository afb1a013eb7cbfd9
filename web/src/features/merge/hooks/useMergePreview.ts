import { useQuery } from '@tanstack/react-query';
import { mergeCustomer } from '../api/merge-api';
import { mergeKeys } from '../api/merge-keys';

/** What merging `sourceId` into the survivor would do now (a dry run; nothing changes). */
export function useMergePreview(survivorId: string, sourceId: string | null) {
  return useQuery({
    queryKey: mergeKeys.preview(survivorId, sourceId ?? ''),
    queryFn: ({ signal }) => mergeCustomer(survivorId, sourceId ?? '', true, signal),
    enabled: sourceId !== null,
    staleTime: 0,
    gcTime: 0,
  });
}
