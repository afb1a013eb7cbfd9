import { formatColumnLayout, parseColumnLayout } from '@/features/record-table/types';
import type { SavedView, SavedViewInput } from '../api/types';

/** The grid state a view holds, as the Customers grid's URL carries it. */
export interface GridUrlState {
  q: string;
  filter: string;
  sort: string;
  cols: string;
  segment: string;
}

export const GRID_PARAMS = ['q', 'filter', 'sort', 'cols', 'segment'] as const;

/** The grid state in a query string (missing parameters are empty). */
export function urlState(params: URLSearchParams): GridUrlState {
  return {
    q: params.get('q') ?? '',
    filter: params.get('filter') ?? '',
    sort: params.get('sort') ?? '',
    cols: params.get('cols') ?? '',
    segment: params.get('segment') ?? '',
  };
}

/** The grid state a saved view opens. */
export function viewState(view: SavedView): GridUrlState {
  return {
    q: view.q ?? '',
    filter: view.filter ?? '',
    sort: view.sort ?? '',
    cols: formatColumnLayout(view.columns),
    segment: view.segmentId ?? '',
  };
}

export const sameState = (a: GridUrlState, b: GridUrlState) =>
  GRID_PARAMS.every((key) => a[key].trim() === b[key].trim());

export const isEmptyState = (state: GridUrlState) => GRID_PARAMS.every((key) => !state[key].trim());

/** URL parameter changes that open a state (empty values remove their parameter). */
export const stateParams = (state: GridUrlState): Record<string, string | null> =>
  Object.fromEntries(GRID_PARAMS.map((key) => [key, state[key] || null]));

/** The body fields of a view holding this state. */
export function stateFields(state: GridUrlState): Omit<SavedViewInput, 'name' | 'shared'> {
  return {
    q: state.q || null,
    filter: state.filter || null,
    sort: state.sort || null,
    // The columns' order and the widths set go along (`cols` is `id` or `id:width`).
    columns: parseColumnLayout(state.cols),
    segmentId: state.segment || null,
  };
}
