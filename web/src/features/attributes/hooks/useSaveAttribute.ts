import { useMutation, useQueryClient } from '@tanstack/react-query';
import { customerKeys } from '@/features/customers/api/customer-keys';
import { attributeKeys } from '../api/attribute-keys';
import { createAttribute, deleteAttribute, updateAttribute } from '../api/attributes-api';
import type { AttributeCreate, AttributePatch } from '../api/types';

type SaveAttributeVariables =
  | { kind: 'create'; input: AttributeCreate }
  | { kind: 'update'; id: string; patch: AttributePatch }
  | { kind: 'delete'; id: string };

/**
 * Defines, changes or deletes a custom attribute; the definitions and customers (whose values a
 * delete removes) are fetched again.
 */
export function useSaveAttribute() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (variables: SaveAttributeVariables) => {
      if (variables.kind === 'create') return createAttribute(variables.input);
      if (variables.kind === 'update') return updateAttribute(variables.id, variables.patch);
      return deleteAttribute(variables.id);
    },
    onSuccess: (_result, variables) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: attributeKeys.all }),
        variables.kind === 'delete' ? queryClient.invalidateQueries({ queryKey: customerKeys.all }) : null,
      ]),
  });
}
