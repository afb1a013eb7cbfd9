import { Button, Center, NativeSelect, Paper, Skeleton, Stack, UnstyledButton } from '@mantine/core';
import { type ReactNode, useEffect, useRef } from 'react';
import { ListNotLoaded } from '@/features/record-page/components/ListNotLoaded';
import { formatSort, parseSort, type RecordColumn, type RowAction, type SortState } from '../types';
import classes from './RecordTable.module.css';
import { RowActionsMenu } from './RowActionsMenu';

interface RecordCardListProps<Row> {
  label: string;
  columns: readonly RecordColumn<Row>[];
  rows: readonly Row[] | undefined;
  getRowId: (row: Row) => string;
  getRowLabel: (row: Row) => string;
  sort: SortState;
  onSortChange: (sort: SortState) => void;
  onRowOpen?: (row: Row) => void;
  rowActions?: readonly RowAction<Row>[];
  isRefreshing: boolean;
  blocked?: ReactNode;
  loadFailed: boolean;
  empty: ReactNode;
  hasMore: boolean;
  isLoadingMore: boolean;
  onLoadMore?: () => void;
  renderCard: (row: Row) => ReactNode;
  'data-testid'?: string;
}

/**
 * A record grid on a narrow screen: one card per row, the sort as a select (there are no headers
 * to click), and the next page loaded when the end of the list scrolls into view.
 */
export function RecordCardList<Row>({
  label,
  columns,
  rows,
  getRowId,
  getRowLabel,
  sort,
  onSortChange,
  onRowOpen,
  rowActions,
  isRefreshing,
  blocked,
  loadFailed,
  empty,
  hasMore,
  isLoadingMore,
  onLoadMore,
  renderCard,
  'data-testid': testId,
}: RecordCardListProps<Row>) {
  const sortOptions = columns
    .filter((column) => column.sortable !== false)
    .flatMap((column) => [
      { value: column.id, label: `${column.header}, ascending` },
      { value: `-${column.id}`, label: `${column.header}, descending` },
    ]);

  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = end.current;
    if (!element || !hasMore || !onLoadMore || isLoadingMore) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) onLoadMore();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasMore, onLoadMore, isLoadingMore]);

  const body = () => {
    if (blocked) return blocked;
    if (loadFailed && rows === undefined) return <ListNotLoaded />;
    if (rows === undefined)
      return Array.from({ length: 4 }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholder cards have no identity
        <Skeleton key={index} height={72} radius="md" />
      ));
    if (rows.length === 0) return empty;
    return (
      <ul className={classes.cardList} aria-label={label} data-testid={testId}>
        {rows.map((row) => (
          <li key={getRowId(row)} data-row-id={getRowId(row)}>
            <Paper withBorder radius="md" className={classes.card}>
              <UnstyledButton
                className={classes.cardBody}
                onClick={onRowOpen ? () => onRowOpen(row) : undefined}
              >
                {renderCard(row)}
              </UnstyledButton>
              {rowActions && <RowActionsMenu row={row} label={getRowLabel(row)} actions={rowActions} />}
            </Paper>
          </li>
        ))}
      </ul>
    );
  };

  return (
    <Stack gap="sm" p="sm" aria-busy={rows === undefined || isRefreshing} className={classes.cards}>
      <NativeSelect
        label="Sort by"
        data={sortOptions}
        value={formatSort(sort)}
        onChange={(event) => {
          const next = parseSort(event.currentTarget.value);
          if (next) onSortChange(next);
        }}
      />
      {body()}
      <div ref={end} />
      {hasMore && onLoadMore && (
        <Center>
          <Button variant="default" onClick={onLoadMore} loading={isLoadingMore}>
            Load more
          </Button>
        </Center>
      )}
    </Stack>
  );
}
