import { useCallback, useMemo } from 'react';
import {
  type ColumnLayout,
  formatColumnLayout,
  formatSort,
  parseColumnLayout,
  parseSort,
  type RecordColumn,
  type SortState,
} from '../types';
import { useUrlParams } from './useUrlParams';

interface RecordTableViewOptions<Row> {
  /** localStorage key under which the chosen columns are remembered. */
  storageKey: string;
  columns: readonly RecordColumn<Row>[];
  defaultSort: SortState;
}

export interface RecordTableView {
  q: string;
  filter: string;
  sort: SortState;
  /** Shown columns in the chosen order. */
  visibleColumnIds: string[];
  /** The same, with the widths the user set. */
  columnLayout: ColumnLayout[];
  setQ: (q: string) => void;
  setFilter: (filter: string) => void;
  setSort: (sort: SortState) => void;
  /** Order and widths (from the column chooser), changed from the live URL's layout. */
  changeColumnLayout: (change: (layout: ColumnLayout[]) => ColumnLayout[]) => void;
  /** Drops both the search and the filter in one navigation. */
  clearSearch: () => void;
}

function readStoredColumns(key: string): string[] | null {
  try {
    const stored = JSON.parse(window.localStorage.getItem(key) ?? 'null') as unknown;
    return Array.isArray(stored) && stored.every((id) => typeof id === 'string') ? stored : null;
  } catch {
    return null;
  }
}

function storeColumns(key: string, layout: ColumnLayout[]) {
  try {
    window.localStorage.setItem(key, JSON.stringify(formatColumnLayout(layout).split(',')));
  } catch {
    // Storage may be full or disabled (private mode); the URL still carries the choice.
  }
}

/**
 * Shown columns in the chosen order: the URL's `cols` (`id` or `id:width`, comma-separated), else
 * the last choice stored, else the defaults in column order. Unknown ids are dropped; a column
 * that is always visible and missing from the choice is put back where the columns list has it.
 */
function resolveLayout<Row>(
  colsParam: string | null,
  columns: readonly RecordColumn<Row>[],
  storageKey: string,
): ColumnLayout[] {
  const known = (layout: ColumnLayout[]) => {
    const byId = new Map(columns.map((column) => [column.id, column]));
    const chosen = layout.filter(
      (entry, index) => byId.has(entry.id) && layout.findIndex((other) => other.id === entry.id) === index,
    );
    if (chosen.length === 0) return chosen;
    for (const [index, column] of columns.entries()) {
      if (column.alwaysVisible && !chosen.some((entry) => entry.id === column.id))
        chosen.splice(Math.min(index, chosen.length), 0, { id: column.id });
    }
    return chosen;
  };
  const fromUrl = known(parseColumnLayout(colsParam));
  if (fromUrl.length > 0) return fromUrl;
  const stored = readStoredColumns(storageKey);
  const fromStorage = stored ? known(parseColumnLayout(stored.join(','))) : [];
  if (fromStorage.length > 0) return fromStorage;
  return columns
    .filter((column) => column.defaultVisible || column.alwaysVisible)
    .map((column) => ({ id: column.id }));
}

/**
 * The grid's view — search, filter, sort, visible columns — kept in the URL query string
 * (`q`, `filter`, `sort`, `cols`) so a view can be bookmarked and shared; `cols` holds the columns'
 * order and any width set (`lastName,email:240`). Columns fall back to the user's last choice in
 * localStorage, then to the columns' defaults.
 */
export function useRecordTableView<Row>({
  storageKey,
  columns,
  defaultSort,
}: RecordTableViewOptions<Row>): RecordTableView {
  const [params, update] = useUrlParams();

  const q = params.get('q') ?? '';
  const filter = params.get('filter') ?? '';
  const sortParam = params.get('sort');
  const colsParam = params.get('cols');

  const sort = useMemo(() => {
    const parsed = parseSort(sortParam);
    const column = parsed && columns.find((candidate) => candidate.id === parsed.id);
    return parsed && column && column.sortable !== false ? parsed : defaultSort;
  }, [sortParam, columns, defaultSort]);

  const columnLayout = useMemo(
    () => resolveLayout(colsParam, columns, storageKey),
    [colsParam, columns, storageKey],
  );
  const visibleColumnIds = useMemo(() => columnLayout.map((column) => column.id), [columnLayout]);

  const setColumnLayout = useCallback(
    (layout: ColumnLayout[]) => {
      storeColumns(storageKey, layout);
      update({ cols: formatColumnLayout(layout) });
    },
    [storageKey, update],
  );

  // Reads the live URL: two quick changes before a re-render must both be kept.
  const liveLayout = useCallback(
    () => resolveLayout(new URLSearchParams(window.location.search).get('cols'), columns, storageKey),
    [columns, storageKey],
  );

  const changeColumnLayout = useCallback(
    (change: (layout: ColumnLayout[]) => ColumnLayout[]) => setColumnLayout(change(liveLayout())),
    [liveLayout, setColumnLayout],
  );

  return {
    q,
    filter,
    sort,
    visibleColumnIds,
    columnLayout,
    setQ: useCallback((value: string) => update({ q: value.trim() || null }), [update]),
    setFilter: useCallback((value: string) => update({ filter: value.trim() || null }), [update]),
    setSort: useCallback((value: SortState) => update({ sort: formatSort(value) }), [update]),
    changeColumnLayout,
    clearSearch: useCallback(() => update({ q: null, filter: null }), [update]),
  };
}
