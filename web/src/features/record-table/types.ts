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
  /** Starting width in pixels; the grid lays columns out at fixed widths so it draws without measuring every cell. */
  width?: number;
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

/** A shown column in the chosen order, with the width the user set (none: the column's own). */
export interface ColumnLayout {
  id: string;
  width?: number;
}

export const MIN_COLUMN_WIDTH = 60;
export const DEFAULT_COLUMN_WIDTH = 140;
export const MAX_COLUMN_WIDTH = 800;

/** `name,email:240,orders` → [{ id: 'name' }, { id: 'email', width: 240 }, { id: 'orders' }] */
export function parseColumnLayout(value: string | null | undefined): ColumnLayout[] {
  if (!value) return [];
  return value
    .split(',')
    .map((entry) => {
      const [id = '', width] = entry.trim().split(':');
      const pixels = Number(width);
      return Number.isInteger(pixels) && pixels >= MIN_COLUMN_WIDTH && pixels <= MAX_COLUMN_WIDTH
        ? { id, width: pixels }
        : { id };
    })
    .filter((column) => column.id !== '');
}

export function formatColumnLayout(layout: readonly ColumnLayout[]): string {
  return layout.map((column) => (column.width ? `${column.id}:${column.width}` : column.id)).join(',');
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
