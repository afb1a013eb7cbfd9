import { useQuery } from '@tanstack/react-query';
import { fetchSession, sessionQueryKey } from '../api/auth-api';

/** The signed-in admin (`data` is null when signed out). */
export function useSession() {
  return useQuery({
    queryKey: sessionQueryKey,
    queryFn: ({ signal }) => fetchSession(signal),
    staleTime: 5 * 60_000,
  });
}
