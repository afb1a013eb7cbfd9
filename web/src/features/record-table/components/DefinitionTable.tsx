import { Button, Paper, Table, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { SkeletonRows } from '@/components/SkeletonRows';
import { ListNotLoaded } from '@/features/record-page/components/ListNotLoaded';

export interface DefinitionColumn<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
}

interface DefinitionTableProps<T> {
  /** The table's accessible name. */
  label: string;
  testId: string;
  minWidth: number;
  /** The whole list, loaded at once: definitions are few, so there is no paging. */
  query: { data: T[] | undefined; isPending: boolean; isError: boolean };
  columns: DefinitionColumn<T>[];
  rowKey: (row: T) => string;
  /** The data-* attributes browser tests find a row by. */
  rowAttributes?: (row: T) => Record<`data-${string}`, string>;
  /** What the one cell of an empty list says; without it an empty list shows no row. */
  empty?: ReactNode;
  /**
   * Adds an actions column with an Edit button per row. The column stays when `onEdit` is absent
   * (a reader without the role), so the layout does not shift between roles.
   */
  edit?: { onEdit?: (row: T) => void; label: (row: T) => string; icon?: ReactNode };
}

/** The small, unpaged list of a tenant's definitions (groups, roles, attributes, segments). */
export function DefinitionTable<T>({
  label,
  testId,
  minWidth,
  query,
  columns,
  rowKey,
  rowAttributes,
  empty,
  edit,
}: DefinitionTableProps<T>) {
  const columnCount = columns.length + (edit ? 1 : 0);
  const { onEdit } = edit ?? {};

  let body: ReactNode;
  if (query.isError && !query.data) {
    body = (
      <Table.Tr>
        <Table.Td colSpan={columnCount}>
          <ListNotLoaded />
        </Table.Td>
      </Table.Tr>
    );
  } else if (!query.data) {
    body = <SkeletonRows rows={3} columns={columnCount} />;
  } else if (query.data.length === 0 && empty !== undefined) {
    body = (
      <Table.Tr>
        <Table.Td colSpan={columnCount}>{empty}</Table.Td>
      </Table.Tr>
    );
  } else {
    body = query.data.map((row) => (
      <Table.Tr key={rowKey(row)} {...rowAttributes?.(row)}>
        {columns.map((column, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed for the table's life
          <Table.Td key={index}>{column.cell(row)}</Table.Td>
        ))}
        {edit && (
          <Table.Td>
            {onEdit && (
              <Button
                size="xs"
                variant="subtle"
                leftSection={edit.icon}
                onClick={() => onEdit(row)}
                aria-label={edit.label(row)}
              >
                Edit
              </Button>
            )}
          </Table.Td>
        )}
      </Table.Tr>
    ));
  }

  return (
    <Paper withBorder radius="md" shadow="xs">
      {/* Relative: holds the visually hidden header text, which would otherwise widen the page. */}
      <Table.ScrollContainer minWidth={minWidth} type="native" pos="relative">
        <Table aria-label={label} data-testid={testId} aria-busy={query.isPending}>
          <Table.Thead>
            <Table.Tr>
              {columns.map((column, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed for the table's life
                <Table.Th key={index}>{column.header}</Table.Th>
              ))}
              {edit && (
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{body}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
