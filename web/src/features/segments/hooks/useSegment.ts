import { useQuery } from '@tanstack/react-query';
import { segmentKeys } from '../api/segment-keys';
import { getSegment } from '../api/segments-api';

/** One segment; disabled without an id (a new segment). */
export function useSegment(id: string | null) {
  return useQuery({
    queryKey: segmentKeys.detail(id ?? ''),
    queryFn: ({ signal }) => getSegment(id ?? '', signal),
    enabled: Boolean(id),
  });
}
