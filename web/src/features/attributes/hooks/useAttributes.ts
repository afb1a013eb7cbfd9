import { useQuery } from '@tanstack/react-query';
import { attributeKeys } from '../api/attribute-keys';
import { listAttributes } from '../api/attributes-api';

/** The tenant's custom attribute definitions; they change rarely, so one fetch serves a while. */
export function useAttributes() {
  return useQuery({
    queryKey: attributeKeys.list(),
    queryFn: ({ signal }) => listAttributes(signal),
    staleTime: 5 * 60_000,
  });
}
