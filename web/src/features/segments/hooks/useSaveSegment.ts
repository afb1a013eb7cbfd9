import { useMutation, useQueryClient } from '@tanstack/react-query';
import { segmentKeys } from '../api/segment-keys';
import { createSegment, deleteSegment, updateSegment } from '../api/segments-api';
import type { Segment, SegmentChange, SegmentInput } from '../api/types';

type SaveSegmentVariables =
  | { kind: 'create'; input: SegmentInput }
  | { kind: 'update'; id: string; change: SegmentChange }
  | { kind: 'delete'; id: string };

/** Creates, changes or deletes a segment; the list of segments is fetched again after each. */
export function useSaveSegment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (variables: SaveSegmentVariables): Promise<Segment | null> => {
      if (variables.kind === 'create') return createSegment(variables.input);
      if (variables.kind === 'update') return updateSegment(variables.id, variables.change);
      await deleteSegment(variables.id);
      return null;
    },
    onSuccess: (segment, variables) => {
      if (segment) queryClient.setQueryData(segmentKeys.detail(segment.id), segment);
      if (variables.kind === 'delete')
        queryClient.removeQueries({ queryKey: segmentKeys.detail(variables.id) });
      return queryClient.invalidateQueries({ queryKey: segmentKeys.list() });
    },
  });
}
