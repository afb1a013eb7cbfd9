import { useQuery } from '@tanstack/react-query';
import { listSites } from '../api/sites-api';

/** The tenant's sites; they change rarely, so one fetch serves the whole visit. */
export function useSites() {
  return useQuery({
    queryKey: ['sites'],
    queryFn: ({ signal }) => listSites(signal),
    staleTime: 10 * 60_000,
  });
}
