import { useQuery } from '@tanstack/react-query';
import { segmentKeys } from '../api/segment-keys';
import { listSegments } from '../api/segments-api';

/** The tenant's segments, by name. */
export function useSegments() {
  return useQuery({ queryKey: segmentKeys.list(), queryFn: ({ signal }) => listSegments(signal) });
}
