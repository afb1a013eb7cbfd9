import { useQuery } from '@tanstack/react-query';
import { viewKeys } from '../api/view-keys';
import { listViews } from '../api/views-api';

/** Your saved views (shared and your own), by name. */
export function useViews() {
  return useQuery({
    queryKey: viewKeys.list(),
    queryFn: ({ signal }) => listViews(signal),
    select: (page) => page.data,
  });
}
