import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SavedView, SavedViewChange, SavedViewInput } from '../api/types';
import { viewKeys } from '../api/view-keys';
import { createView, deleteView, setDefaultView, updateView } from '../api/views-api';

type SaveViewVariables =
  | { kind: 'create'; input: SavedViewInput }
  | { kind: 'update'; id: string; change: SavedViewChange }
  | { kind: 'delete'; id: string }
  | { kind: 'default'; id: string | null };

/** Creates, changes, deletes a view or chooses your default; the tabs are fetched again after each. */
export function useSaveView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (variables: SaveViewVariables): Promise<SavedView | null> => {
      if (variables.kind === 'create') return createView(variables.input);
      if (variables.kind === 'update') return updateView(variables.id, variables.change);
      if (variables.kind === 'delete') await deleteView(variables.id);
      else await setDefaultView(variables.id);
      return null;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: viewKeys.list() }),
  });
}
