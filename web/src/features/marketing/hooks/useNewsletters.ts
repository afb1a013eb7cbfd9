import { useQuery } from '@tanstack/react-query';
import { listNewsletters } from '../api/marketing-api';
import { marketingKeys } from '../api/marketing-keys';

/** The tenant's newsletters on every site, with how many contacts are subscribed now. */
export function useNewsletters() {
  return useQuery({
    queryKey: marketingKeys.newsletters(),
    queryFn: ({ signal }) => listNewsletters(signal),
  });
}
