import { Button, Center, Checkbox, Skeleton, Table, UnstyledButton, VisuallyHidden } from '@mantine/core';
import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  type Header,
  useReactTable,
  type VisibilityState,
} from '@tanstack/react-table';
import { type KeyboardEvent, type ReactNode, type SyntheticEvent, useMemo } from 'react';
import { Icon } from '@/components/Icon';
import { ListNotLoaded } from '@/features/record-page/components/ListNotLoaded';
import type { RecordColumn, RecordSelection, RowAction, SortState } from '../types';
import classes from './RecordTable.module.css';
import { RowActionsMenu } from './RowActionsMenu';

interface RecordTableProps<Row> {
  /** Accessible name of the table. */
  label: string;
  columns: readonly RecordColumn<Row>[];
  visibleColumnIds: readonly string[];
  /** `undefined` while the first page loads: skeleton rows are shown, never an empty state. */
  rows: readonly Row[] | undefined;
  getRowId: (row: Row) => string;
  /** Names a row in its actions button ("Actions for …"). */
  getRowLabel: (row: Row) => string;
  sort: SortState;
  onSortChange: (sort: SortState) => void;
  onRowOpen?: (row: Row) => void;
  rowActions?: readonly RowAction<Row>[];
  /** Row checkboxes and a header checkbox for the rows on screen (bulk actions). */
  selection?: RecordSelection;
  /** Rows on screen belong to the previous query while the next one loads. */
  isRefreshing?: boolean;
  /** Replaces the body (e.g. an error message). */
  blocked?: ReactNode;
  /** The first page failed (the list's header says why): no skeleton, no empty state. */
  loadFailed?: boolean;
  empty: ReactNode;
  hasMore?: boolean;
  isLoadingMore?: boolean;
  onLoadMore?: () => void;
  skeletonRows?: number;
  'data-testid'?: string;
}

const noRows: never[] = [];
const stopPropagation = (event: SyntheticEvent) => event.stopPropagation();

function SortIcon({ direction }: { direction: 'asc' | 'desc' | null }) {
  if (direction === null) return <Icon name="arrowsSort" size={14} className={classes.sortIcon} />;
  return (
    <Icon name={direction === 'asc' ? 'arrowUp' : 'arrowDown'} size={14} className={classes.sortIconActive} />
  );
}

/** Moves focus between rows with the arrow keys and opens a row with Enter. */
function handleRowKeyDown(event: KeyboardEvent<HTMLTableRowElement>, open: () => void) {
  if (event.target !== event.currentTarget) return;
  const row = event.currentTarget;
  if (event.key === 'Enter') {
    event.preventDefault();
    open();
  } else if (event.key === 'ArrowDown' && row.nextElementSibling instanceof HTMLElement) {
    event.preventDefault();
    row.nextElementSibling.focus();
  } else if (event.key === 'ArrowUp' && row.previousElementSibling instanceof HTMLElement) {
    event.preventDefault();
    row.previousElementSibling.focus();
  }
}

/**
 * The grid used by every record list: server-side sort by header click (ascending, then
 * descending, then ascending again), chosen columns, a kebab menu per row, skeleton rows while
 * loading and a "Load more" button for cursor paging.
 */
export function RecordTable<Row>({
  label,
  columns,
  visibleColumnIds,
  rows,
  getRowId,
  getRowLabel,
  sort,
  onSortChange,
  onRowOpen,
  rowActions,
  selection,
  isRefreshing = false,
  blocked,
  loadFailed = false,
  empty,
  hasMore = false,
  isLoadingMore = false,
  onLoadMore,
  skeletonRows = 8,
  'data-testid': testId,
}: RecordTableProps<Row>) {
  const byId = useMemo(() => new Map(columns.map((column) => [column.id, column])), [columns]);
  const columnDefs = useMemo<ColumnDef<Row>[]>(
    () =>
      columns.map((column) => ({
        id: column.id,
        header: column.header,
        cell: ({ row }) => column.cell(row.original),
      })),
    [columns],
  );
  const columnVisibility = useMemo<VisibilityState>(
    () => Object.fromEntries(columns.map((column) => [column.id, visibleColumnIds.includes(column.id)])),
    [columns, visibleColumnIds],
  );

  const table = useReactTable<Row>({
    data: (rows ?? noRows) as Row[],
    columns: columnDefs,
    state: { columnVisibility, sorting: [sort] },
    manualSorting: true,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => getRowId(row),
  });

  const visibleColumns = table.getVisibleLeafColumns();
  const columnCount = visibleColumns.length + (rowActions ? 1 : 0) + (selection ? 1 : 0);
  const isLoading = rows === undefined && !blocked && !loadFailed;
  const shownIds = useMemo(() => (rows ?? noRows).map((row) => getRowId(row)), [rows, getRowId]);
  const shownSelected = selection ? shownIds.filter((id) => selection.isSelected(id)).length : 0;
  const allShownSelected = shownIds.length > 0 && shownSelected === shownIds.length;

  const selectHeader = selection && (
    <Table.Th className={classes.selectCell}>
      <Checkbox
        aria-label="Select all rows shown"
        checked={allShownSelected}
        indeterminate={shownSelected > 0 && !allShownSelected}
        disabled={shownIds.length === 0}
        onChange={() => selection.onToggleShown(shownIds, !allShownSelected)}
      />
    </Table.Th>
  );

  const renderHeader = (header: Header<Row, unknown>) => {
    const column = byId.get(header.column.id);
    // TanStack only sorts accessor columns itself; sorting here is the server's, so the flag is ours.
    const sortable = column?.sortable !== false;
    const direction = sort.id === header.column.id ? (sort.desc ? 'desc' : 'asc') : null;
    const ariaSort = direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : undefined;
    return (
      <Table.Th
        key={header.id}
        className={classes.headerCell}
        aria-sort={ariaSort}
        w={column?.width}
        ta={column?.align}
      >
        {sortable ? (
          <UnstyledButton
            className={classes.sortButton}
            data-align={column?.align}
            onClick={() => onSortChange({ id: header.column.id, desc: direction === 'asc' })}
          >
            {column?.header}
            <SortIcon direction={direction} />
          </UnstyledButton>
        ) : (
          column?.header
        )}
      </Table.Th>
    );
  };

  const fullWidthRow = (content: ReactNode) => (
    <Table.Tr className={classes.stateCell}>
      <Table.Td colSpan={columnCount}>{content}</Table.Td>
    </Table.Tr>
  );

  const renderBody = () => {
    if (blocked) return fullWidthRow(blocked);
    if (loadFailed && rows === undefined) return fullWidthRow(<ListNotLoaded />);
    if (isLoading) {
      return Array.from({ length: skeletonRows }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity
        <Table.Tr key={index} aria-hidden="true" data-skeleton>
          {Array.from({ length: columnCount }, (_, cell) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholder cells have no identity
            <Table.Td key={cell}>
              <Skeleton height={12} width={`${55 + ((index * 7 + cell * 13) % 40)}%`} radius="sm" />
            </Table.Td>
          ))}
        </Table.Tr>
      ));
    }
    const modelRows = table.getRowModel().rows;
    if (modelRows.length === 0) return fullWidthRow(empty);
    return modelRows.map((row) => (
      <Table.Tr
        key={row.id}
        data-row-id={row.id}
        className={onRowOpen ? classes.row : undefined}
        // Rows are focusable so the grid can be walked with Tab/arrows and opened with Enter.
        tabIndex={onRowOpen ? 0 : undefined}
        onClick={onRowOpen ? () => onRowOpen(row.original) : undefined}
        onKeyDown={onRowOpen ? (event) => handleRowKeyDown(event, () => onRowOpen(row.original)) : undefined}
      >
        {selection && (
          <Table.Td className={classes.selectCell} onClick={stopPropagation} onKeyDown={stopPropagation}>
            <Checkbox
              aria-label={`Select ${getRowLabel(row.original)}`}
              checked={selection.isSelected(row.id)}
              onChange={() => selection.onToggle(row.id)}
            />
          </Table.Td>
        )}
        {row.getVisibleCells().map((cell) => (
          <Table.Td
            key={cell.id}
            className={classes.cell}
            data-column={cell.column.id}
            ta={byId.get(cell.column.id)?.align}
          >
            {flexRender(cell.column.columnDef.cell, cell.getContext())}
          </Table.Td>
        ))}
        {rowActions && (
          // Clicks and keys inside the menu (rendered in a portal) still bubble through React to the row.
          <Table.Td className={classes.actionsCell} onClick={stopPropagation} onKeyDown={stopPropagation}>
            <RowActionsMenu row={row.original} label={getRowLabel(row.original)} actions={rowActions} />
          </Table.Td>
        )}
      </Table.Tr>
    ));
  };

  return (
    <div>
      <Table.ScrollContainer
        minWidth={Math.max(640, visibleColumns.length * 130)}
        type="native"
        className={classes.scrollContainer}
      >
        <Table
          aria-label={label}
          aria-busy={isLoading || isRefreshing}
          className={classes.table}
          data-testid={testId}
        >
          <Table.Thead>
            {table.getHeaderGroups().map((group) => (
              <Table.Tr key={group.id}>
                {selectHeader}
                {group.headers.map(renderHeader)}
                {rowActions && (
                  <Table.Th className={classes.actionsCell}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            ))}
          </Table.Thead>
          <Table.Tbody>{renderBody()}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {hasMore && onLoadMore && (
        <Center py="md">
          <Button variant="default" onClick={onLoadMore} loading={isLoadingMore}>
            Load more
          </Button>
        </Center>
      )}
    </div>
  );
}
