import { Button, Center, Checkbox, Skeleton, Table, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { defaultRangeExtractor, type Range, useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Icon } from '@/components/Icon';
import { ListNotLoaded } from '@/features/record-page/components/ListNotLoaded';
import {
  type ColumnLayout,
  DEFAULT_COLUMN_WIDTH,
  type RecordColumn,
  type RecordSelection,
  type RowAction,
  type SortState,
} from '../types';
import { RecordCardList } from './RecordCardList';
import classes from './RecordTable.module.css';
import { RecordTableRow, type RowHandlers } from './RecordTableRow';

interface RecordTableProps<Row> {
  /** Accessible name of the table. */
  label: string;
  columns: readonly RecordColumn<Row>[];
  /** Shown columns in order. */
  visibleColumnIds: readonly string[];
  /** Widths the user set, by column id (the rest use the column's own width). */
  columnLayout?: readonly ColumnLayout[];
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
  /** On a narrow screen the rows become these cards (with a sort select); without it the table scrolls sideways. */
  renderCard?: (row: Row) => ReactNode;
  'data-testid'?: string;
}

const noRows: never[] = [];
const SELECT_WIDTH = 44;
const ACTIONS_WIDTH = 52;
const ROW_HEIGHT = 53;
/** Rows drawn beyond the visible ones, so a quick scroll shows no gap. */
const OVERSCAN = 8;
/** Infinite scroll asks for the next page this many rows before the end. */
const LOAD_AHEAD = 5;
/** The grid never gets shorter than this, however little room is left below it. */
const MIN_GRID_HEIGHT = 320;

function SortIcon({ direction }: { direction: 'asc' | 'desc' | null }) {
  if (direction === null) return <Icon name="arrowsSort" size={14} className={classes.sortIcon} />;
  return (
    <Icon name={direction === 'asc' ? 'arrowUp' : 'arrowDown'} size={14} className={classes.sortIconActive} />
  );
}

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * The grid used by every record list: server-side sort by header click (ascending, then
 * descending, then ascending again), chosen columns in the chosen order and widths, a kebab menu
 * per row in a column that stays in view, a header that stays on top, skeleton rows while loading.
 *
 * The body is virtualised: only the rows in view (and a few around them) are in the DOM, so 50 or
 * 5,000 loaded rows draw in the same time. The grid scrolls inside a box that ends at the bottom
 * of the window, so its sideways scrollbar is always on screen; scrolling near its end loads the
 * next page, and "Load more" does the same from the keyboard. Arrow keys or j/k move between rows,
 * Enter opens one.
 */
export function RecordTable<Row>({
  label,
  columns,
  visibleColumnIds,
  columnLayout,
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
  renderCard,
  'data-testid': testId,
}: RecordTableProps<Row>) {
  const narrow = useMediaQuery('(max-width: 40em)', false, { getInitialValueInEffect: false });
  const byId = useMemo(() => new Map(columns.map((column) => [column.id, column])), [columns]);
  const visibleColumns = useMemo(
    () =>
      visibleColumnIds.flatMap((id) => {
        const column = byId.get(id);
        if (!column) return [];
        const chosen = columnLayout?.find((entry) => entry.id === id)?.width;
        return [{ column, width: chosen ?? column.width ?? DEFAULT_COLUMN_WIDTH }];
      }),
    [visibleColumnIds, byId, columnLayout],
  );
  const tableWidth =
    visibleColumns.reduce((sum, { width }) => sum + width, 0) +
    (selection ? SELECT_WIDTH : 0) +
    (rowActions ? ACTIONS_WIDTH : 0);
  const columnCount = visibleColumns.length + (rowActions ? 1 : 0) + (selection ? 1 : 0);
  const list = rows ?? noRows;
  const isLoading = rows === undefined && !blocked && !loadFailed;
  const shownIds = useMemo(() => list.map((row) => getRowId(row)), [list, getRowId]);
  const shownSelected = selection ? shownIds.filter((id) => selection.isSelected(id)).length : 0;
  const allShownSelected = shownIds.length > 0 && shownSelected === shownIds.length;

  const scrollRef = useRef<HTMLDivElement>(null);
  // The focused row stays drawn when it scrolls out of view, so focus is never dropped to the page.
  const focusedIndex = useRef<number | null>(null);
  const rangeExtractor = useCallback((range: Range) => {
    const indexes = defaultRangeExtractor(range);
    const focused = focusedIndex.current;
    if (focused === null || focused >= range.count || indexes.includes(focused)) return indexes;
    return [...indexes, focused].sort((a, b) => a - b);
  }, []);
  const virtualizer = useVirtualizer({
    count: list.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    getItemKey: (index) => shownIds[index] ?? index,
    rangeExtractor,
  });
  const items = virtualizer.getVirtualItems();

  // The box ends at the window's bottom edge, so its sideways scrollbar is on screen.
  const [maxHeight, setMaxHeight] = useState<number>();
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const fitToWindow = () => {
      const top = element.getBoundingClientRect().top + window.scrollY;
      setMaxHeight(Math.max(MIN_GRID_HEIGHT, window.innerHeight - top - 16));
    };
    fitToWindow();
    window.addEventListener('resize', fitToWindow);
    return () => window.removeEventListener('resize', fitToWindow);
  });

  // Infinite scroll: once the rows in view come near the last loaded one, ask for the next page.
  const lastShown = virtualizer.range?.endIndex ?? -1;
  useEffect(() => {
    if (hasMore && onLoadMore && !isLoadingMore && list.length > 0 && lastShown >= list.length - LOAD_AHEAD)
      onLoadMore();
  }, [hasMore, onLoadMore, isLoadingMore, list.length, lastShown]);

  const focusRow = useCallback(
    (index: number) => {
      if (index < 0 || index >= list.length) return;
      virtualizer.scrollToIndex(index, { align: 'auto' });
      const attempt = (tries: number) => {
        const row = scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${index}"]`);
        if (row) row.focus({ preventScroll: true });
        else if (tries > 0) requestAnimationFrame(() => attempt(tries - 1));
      };
      attempt(5);
    },
    [list.length, virtualizer],
  );

  // "Load more" moves focus to the first new row once it arrives, so the keyboard user reads on.
  const focusAfterLoad = useRef<number | null>(null);
  useEffect(() => {
    const index = focusAfterLoad.current;
    if (index !== null && list.length > index) {
      focusAfterLoad.current = null;
      focusRow(index);
    }
  }, [list.length, focusRow]);

  // j and k walk the rows from anywhere on the page but a text field or an open dialog.
  useEffect(() => {
    if (!onRowOpen || narrow) return;
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'j' && event.key !== 'k') return;
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const target = event.target instanceof Element ? event.target : null;
      if (document.querySelector('[aria-modal="true"]') || target?.closest('[role="dialog"], [role="menu"]'))
        return;
      const current = document.activeElement?.closest<HTMLElement>('tr[data-index]');
      const inThisGrid = current && scrollRef.current?.contains(current);
      event.preventDefault();
      if (!inThisGrid) focusRow(virtualizer.getVirtualItems()[0]?.index ?? 0);
      else focusRow(Number(current.dataset.index) + (event.key === 'j' ? 1 : -1));
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onRowOpen, narrow, focusRow, virtualizer]);

  // Rows get one stable set of handlers that read the latest props, so the memoised rows only
  // redraw when their own data changes (a page's callbacks are often new on every render).
  const latest = useRef({ onRowOpen, selection, getRowLabel, focusRow });
  latest.current = { onRowOpen, selection, getRowLabel, focusRow };
  const handlers = useMemo<RowHandlers<Row>>(
    () => ({
      open: (row) => latest.current.onRowOpen?.(row),
      keyDown: (event, index, row) => {
        if (event.target !== event.currentTarget) return;
        if (event.key === 'Enter') {
          event.preventDefault();
          latest.current.onRowOpen?.(row);
        } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
          event.preventDefault();
          latest.current.focusRow(index + (event.key === 'ArrowDown' ? 1 : -1));
        }
      },
      focused: (index) => {
        focusedIndex.current = index;
      },
      toggle: (id) => latest.current.selection?.onToggle(id),
      label: (row) => latest.current.getRowLabel(row),
    }),
    [],
  );
  const shownColumns = useMemo(() => visibleColumns.map(({ column }) => column), [visibleColumns]);

  if (narrow && renderCard) {
    return (
      <RecordCardList
        label={label}
        columns={columns}
        rows={rows}
        getRowId={getRowId}
        getRowLabel={getRowLabel}
        sort={sort}
        onSortChange={onSortChange}
        onRowOpen={onRowOpen}
        rowActions={rowActions}
        isRefreshing={isRefreshing}
        blocked={blocked}
        loadFailed={loadFailed}
        empty={empty}
        hasMore={hasMore}
        isLoadingMore={isLoadingMore}
        onLoadMore={onLoadMore}
        renderCard={renderCard}
        data-testid={testId}
      />
    );
  }

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
    if (list.length === 0) return fullWidthRow(empty);
    // Spacer rows stand in for the rows not drawn, so the scrollbar measures the whole list.
    const spacer = (height: number, key: string) =>
      height > 0 && (
        // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row, never focusable, not a row to read
        <tr key={key} aria-hidden="true" className={classes.spacer}>
          <td colSpan={columnCount} style={{ height }} />
        </tr>
      );
    let drawnTo = 0;
    const body: ReactNode[] = [];
    for (const item of items) {
      body.push(spacer(item.start - drawnTo, `gap-${item.index}`));
      drawnTo = item.end;
      const id = shownIds[item.index] as string;
      body.push(
        <RecordTableRow
          key={id}
          row={list[item.index] as Row}
          id={id}
          index={item.index}
          columns={shownColumns}
          opens={Boolean(onRowOpen)}
          selected={selection ? selection.isSelected(id) : undefined}
          rowActions={rowActions}
          handlers={handlers}
          measure={virtualizer.measureElement}
        />,
      );
    }
    body.push(spacer(virtualizer.getTotalSize() - drawnTo, 'end'));
    return body;
  };

  const selectHeader = selection && (
    <Table.Th className={classes.selectCell} w={SELECT_WIDTH}>
      <Checkbox
        aria-label="Select all rows shown"
        checked={allShownSelected}
        indeterminate={shownSelected > 0 && !allShownSelected}
        disabled={shownIds.length === 0}
        onChange={() => selection.onToggleShown(shownIds, !allShownSelected)}
      />
    </Table.Th>
  );

  const renderHeader = (column: RecordColumn<Row>, width: number) => {
    // Sorting is the server's, so whether a column sorts is ours to say.
    const sortable = column.sortable !== false;
    const direction = sort.id === column.id ? (sort.desc ? 'desc' : 'asc') : null;
    const ariaSort = direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : undefined;
    return (
      <Table.Th
        key={column.id}
        className={classes.headerCell}
        aria-sort={ariaSort}
        w={width}
        ta={column.align}
        data-column={column.id}
      >
        {sortable ? (
          <UnstyledButton
            className={classes.sortButton}
            data-align={column.align}
            onClick={() => onSortChange({ id: column.id, desc: direction === 'asc' })}
          >
            <span className={classes.headerText}>{column.header}</span>
            <SortIcon direction={direction} />
          </UnstyledButton>
        ) : (
          column.header
        )}
      </Table.Th>
    );
  };

  return (
    <div>
      <div
        ref={scrollRef}
        className={classes.scrollContainer}
        style={{ maxHeight }}
        data-testid={testId ? `${testId}-scroller` : undefined}
      >
        <Table
          aria-label={label}
          aria-busy={isLoading || isRefreshing}
          aria-rowcount={rows ? list.length + 1 : undefined}
          className={classes.table}
          style={{ minWidth: tableWidth }}
          data-testid={testId}
        >
          <Table.Thead className={classes.head}>
            <Table.Tr aria-rowindex={1}>
              {selectHeader}
              {visibleColumns.map(({ column, width }) => renderHeader(column, width))}
              {rowActions && (
                <Table.Th className={classes.actionsCell} w={ACTIONS_WIDTH}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{renderBody()}</Table.Tbody>
        </Table>
      </div>
      {hasMore && onLoadMore && (
        <Center py="sm">
          <Button
            variant="default"
            onClick={() => {
              focusAfterLoad.current = list.length;
              onLoadMore();
            }}
            loading={isLoadingMore}
          >
            Load more
          </Button>
        </Center>
      )}
    </div>
  );
}
