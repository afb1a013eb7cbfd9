import { useQuery } from '@tanstack/react-query';
import { siteKeys } from '../api/site-keys';
import { listCustomerSets } from '../api/sites-api';

/** The tenant's customer sets, the default first, each with the ids of its sites. */
export function useCustomerSets() {
  return useQuery({
    queryKey: siteKeys.customerSets(),
    queryFn: ({ signal }) => listCustomerSets(signal),
    staleTime: 10 * 60_000,
  });
}
