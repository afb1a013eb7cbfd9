import { useQuery } from '@tanstack/react-query';
import { siteKeys } from '../api/site-keys';
import { listSites } from '../api/sites-api';

/** The tenant's sites; they change rarely, so one fetch serves the whole visit (edits refresh it). */
export function useSites() {
  return useQuery({
    queryKey: siteKeys.list(),
    queryFn: ({ signal }) => listSites(signal),
    staleTime: 10 * 60_000,
  });
}
