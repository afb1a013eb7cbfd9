import { useMutation, useQueryClient } from '@tanstack/react-query';
import { groupKeys } from '../api/group-keys';
import { createGroup, updateGroup } from '../api/groups-api';
import type { GroupInput } from '../api/types';

/** Creates a group, or changes one (`id`), then fetches groups and holdings again. */
export function useSaveGroup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string | null; input: GroupInput }) =>
      id ? updateGroup(id, input) : createGroup(input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: groupKeys.all }),
  });
}
