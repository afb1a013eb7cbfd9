import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { tagKeys } from '../api/tag-keys';
import { listTagSuggestions } from '../api/tags-api';

/** Tags to offer as someone types one: the previous list stays while the next one loads. */
export function useTagSuggestions(prefix: string) {
  return useQuery({
    queryKey: tagKeys.suggestions(prefix),
    queryFn: ({ signal }) => listTagSuggestions(prefix, signal),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}
