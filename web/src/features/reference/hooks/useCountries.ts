import { useQuery } from '@tanstack/react-query';
import { listCountries } from '../api/reference-api';

/** ISO 3166-1 countries; reference data never changes during a visit. */
export function useCountries() {
  return useQuery({
    queryKey: ['reference', 'countries'],
    queryFn: ({ signal }) => listCountries(signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
