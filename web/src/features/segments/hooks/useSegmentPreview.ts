import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { segmentKeys } from '../api/segment-keys';
import { previewSegment } from '../api/segments-api';

/** How long typing must pause before the preview asks the server again. */
export const PREVIEW_DEBOUNCE_MS = 350;

/**
 * The live count of a filter being typed: asked once typing pauses, the previous answer kept on
 * screen meanwhile; a request made stale by more typing is cancelled (TanStack Query's signal).
 */
export function useSegmentPreview(filter: string) {
  const [settled] = useDebouncedValue(filter.trim(), PREVIEW_DEBOUNCE_MS);
  const query = useQuery({
    queryKey: segmentKeys.preview(settled),
    queryFn: ({ signal }) => previewSegment(settled, signal),
    enabled: settled !== '',
    placeholderData: keepPreviousData,
  });
  return { ...query, settled, pending: settled !== filter.trim() };
}
