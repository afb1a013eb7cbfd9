import { useMutation, useQueryClient } from '@tanstack/react-query';
import { siteKeys } from '../api/site-keys';
import { createCustomerSet, renameCustomerSet } from '../api/sites-api';
import type { CustomerSetCreate } from '../api/types';

type SaveCustomerSetVariables =
  | { kind: 'create'; input: CustomerSetCreate }
  | { kind: 'rename'; id: string; name: string };

/** Creates or renames a customer set, then fetches the list of sets again. */
export function useSaveCustomerSet() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (variables: SaveCustomerSetVariables) =>
      variables.kind === 'create'
        ? createCustomerSet(variables.input)
        : renameCustomerSet(variables.id, { name: variables.name }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: siteKeys.customerSets() }),
  });
}
