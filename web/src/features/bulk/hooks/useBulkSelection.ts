import { useCallback, useMemo, useState } from 'react';
import type { RecordSelection } from '@/features/record-table/types';

/**
 * The grid's ticked rows, or "all matching" the current view. Changing the view (`viewKey`: the
 * search, filter and segment) clears it, so an action never reaches rows the admin no longer sees.
 */
export function useBulkSelection(viewKey: string) {
  const [state, setState] = useState<{ key: string; ids: ReadonlySet<string>; all: boolean }>({
    key: viewKey,
    ids: new Set(),
    all: false,
  });
  const current = state.key === viewKey ? state : { key: viewKey, ids: new Set<string>(), all: false };

  const clear = useCallback(() => setState({ key: viewKey, ids: new Set(), all: false }), [viewKey]);
  const selectAllMatching = useCallback(
    () => setState((s) => ({ ...s, key: viewKey, all: true })),
    [viewKey],
  );
  const table = useMemo<RecordSelection>(
    () => ({
      isSelected: (id) => current.all || current.ids.has(id),
      onToggle: (id) =>
        setState((s) => {
          const ids = new Set(s.key === viewKey ? s.ids : []);
          if (ids.has(id)) ids.delete(id);
          else ids.add(id);
          return { key: viewKey, ids, all: false };
        }),
      onToggleShown: (shown, selected) =>
        setState((s) => {
          const ids = new Set(s.key === viewKey ? s.ids : []);
          for (const id of shown) {
            if (selected) ids.add(id);
            else ids.delete(id);
          }
          return { key: viewKey, ids, all: false };
        }),
    }),
    [current.all, current.ids, viewKey],
  );
  return { ids: current.ids, all: current.all, table, clear, selectAllMatching };
}
