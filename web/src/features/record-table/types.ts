import type { ReactNode } from 'react';

/** One column of a record grid. `id` is also the sort field sent to the API and the id kept in the URL. */
export interface RecordColumn<Row> {
  id: string;
  header: string;
  cell: (row: Row) => ReactNode;
  /** Clicking the header sorts by `id` on the server. Defaults to true. */
  sortable?: boolean;
  /** Shown when the user has not chosen columns yet. */
  defaultVisible?: boolean;
  /** Never hidden by the column chooser. */
  alwaysVisible?: boolean;
  width?: number | string;
  /** Amounts and counts line up on the right. */
  align?: 'left' | 'right';
}

export interface SortState {
  id: string;
  desc: boolean;
}

export interface RowAction<Row> {
  label: string;
  color?: string;
  onSelect: (row: Row) => void;
  /** Offered only for rows it applies to (e.g. "Unlock" only on a locked account). */
  isAvailable?: (row: Row) => boolean;
}

/** Which rows are ticked, for a grid with bulk actions (the grid itself keeps no selection). */
export interface RecordSelection {
  isSelected: (id: string) => boolean;
  onToggle: (id: string) => void;
  /** The header checkbox: ticks (or clears) every row on screen. */
  onToggleShown: (ids: readonly string[], selected: boolean) => void;
}

/** `-lastName` → { id: 'lastName', desc: true } */
export function parseSort(value: string | null): SortState | null {
  if (!value) return null;
  const first = value.split(',')[0]?.trim() ?? '';
  const desc = first.startsWith('-');
  const id = desc ? first.slice(1) : first;
  return id ? { id, desc } : null;
}

export function formatSort(sort: SortState): string {
  return `${sort.desc ? '-' : ''}${sort.id}`;
}
