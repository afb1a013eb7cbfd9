import { useMutation, useQueryClient } from '@tanstack/react-query';
import { groupKeys } from '../api/group-keys';
import { createRole, updateRole } from '../api/groups-api';
import type { RoleInput } from '../api/types';

/** Creates a role, or changes one (`id`), then fetches roles and holdings again. */
export function useSaveRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string | null; input: RoleInput }) =>
      id ? updateRole(id, input) : createRole(input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: groupKeys.all }),
  });
}
