import { useCallback, useMemo } from 'react';
import { formatSort, parseSort, type RecordColumn, type SortState } from '../types';
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
  visibleColumnIds: string[];
  setQ: (q: string) => void;
  setFilter: (filter: string) => void;
  setSort: (sort: SortState) => void;
  showColumn: (id: string, visible: boolean) => void;
  setVisibleColumnIds: (ids: string[]) => void;
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

function storeColumns(key: string, ids: string[]) {
  try {
    window.localStorage.setItem(key, JSON.stringify(ids));
  } catch {
    // Storage may be full or disabled (private mode); the URL still carries the choice.
  }
}

/** Visible columns, in column order: the URL's `cols`, else the last choice stored, else the defaults. */
function resolveVisibleColumns<Row>(
  colsParam: string | null,
  columns: readonly RecordColumn<Row>[],
  storageKey: string,
): string[] {
  const known = (ids: string[]) =>
    columns.filter((column) => column.alwaysVisible || ids.includes(column.id)).map((column) => column.id);
  const fromUrl = colsParam ? known(colsParam.split(',')) : [];
  if (fromUrl.length > 0) return fromUrl;
  const stored = readStoredColumns(storageKey);
  const fromStorage = stored ? known(stored) : [];
  if (fromStorage.length > 0) return fromStorage;
  return columns.filter((column) => column.defaultVisible || column.alwaysVisible).map((column) => column.id);
}

/**
 * The grid's view — search, filter, sort, visible columns — kept in the URL query string
 * (`q`, `filter`, `sort`, `cols`) so a view can be bookmarked and shared. Columns fall back to
 * the user's last choice in localStorage, then to the columns' defaults.
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

  const visibleColumnIds = useMemo(
    () => resolveVisibleColumns(colsParam, columns, storageKey),
    [colsParam, columns, storageKey],
  );

  const setVisibleColumnIds = useCallback(
    (ids: string[]) => {
      const ordered = columns.filter((column) => ids.includes(column.id)).map((column) => column.id);
      storeColumns(storageKey, ordered);
      update({ cols: ordered.join(',') });
    },
    [columns, storageKey, update],
  );

  const showColumn = useCallback(
    (id: string, visible: boolean) => {
      const live = new URLSearchParams(window.location.search).get('cols');
      const current = resolveVisibleColumns(live, columns, storageKey);
      setVisibleColumnIds(visible ? [...current, id] : current.filter((visibleId) => visibleId !== id));
    },
    [columns, storageKey, setVisibleColumnIds],
  );

  return {
    q,
    filter,
    sort,
    visibleColumnIds,
    setQ: useCallback((value: string) => update({ q: value.trim() || null }), [update]),
    setFilter: useCallback((value: string) => update({ filter: value.trim() || null }), [update]),
    setSort: useCallback((value: SortState) => update({ sort: formatSort(value) }), [update]),
    showColumn,
    setVisibleColumnIds,
    clearSearch: useCallback(() => update({ q: null, filter: null }), [update]),
  };
}
