import { useQuery, useQueryClient } from '@tanstack/react-query';
import { siteKeys } from '../api/site-keys';
import { getSite } from '../api/sites-api';
import type { Site } from '../api/types';

/** One site with its key and settings; shown at once from the list when it is cached. */
export function useSite(id: string) {
  const queryClient = useQueryClient();
  return useQuery<Site>({
    queryKey: siteKeys.detail(id),
    queryFn: ({ signal }) => getSite(id, signal),
    placeholderData: () => queryClient.getQueryData<Site[]>(siteKeys.list())?.find((site) => site.id === id),
  });
}
