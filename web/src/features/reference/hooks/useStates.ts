import { useQuery } from '@tanstack/react-query';
import { listStates } from '../api/reference-api';

/** The ISO 3166-2 subdivisions of one country (empty for countries without any). */
export function useStates(countryCode: string | null) {
  return useQuery({
    queryKey: ['reference', 'states', countryCode],
    queryFn: ({ signal }) => listStates(countryCode as string, signal),
    enabled: Boolean(countryCode),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
