/** Query keys of the segments feature; invalidating `all` refreshes every list, segment and preview. */
export const segmentKeys = {
  all: ['segments'] as const,
  list: () => [...segmentKeys.all, 'list'] as const,
  detail: (id: string) => [...segmentKeys.all, 'detail', id] as const,
  preview: (filter: string) => [...segmentKeys.all, 'preview', filter] as const,
};
