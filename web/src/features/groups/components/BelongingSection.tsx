import { Paper, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { LoadErrorAlert } from '@/components/LoadErrorAlert';
import { SkeletonRows } from '@/components/SkeletonRows';

interface BelongingSectionProps<T> {
  title: string;
  /** The heading's id, which names the section. */
  titleId: string;
  query: {
    data: T[] | undefined;
    isPending: boolean;
    isError: boolean;
    error: Error | null;
    refetch: () => unknown;
  };
  /** The table's accessible name. */
  tableLabel: string;
  testId: string;
  headers: string[];
  /** Whether the reader may change this: adds the Action column and shows `form`. */
  canWrite: boolean;
  emptyText: string;
  /** One row; it renders its own Action cell when `canWrite`. */
  row: (item: T) => ReactNode;
  /** The add/assign form under the table, shown only to writers. */
  form: ReactNode;
}

/** A section of a customer's page listing what they belong to: memberships or roles. */
export function BelongingSection<T>({
  title,
  titleId,
  query,
  tableLabel,
  testId,
  headers,
  canWrite,
  emptyText,
  row,
  form,
}: BelongingSectionProps<T>) {
  const columns = headers.length + (canWrite ? 1 : 0);
  return (
    <Paper withBorder radius="md" p="lg" shadow="xs" component="section" aria-labelledby={titleId}>
      <Title order={2} size="h4" id={titleId} mb="md">
        {title}
      </Title>
      {query.isError && <LoadErrorAlert error={query.error} onRetry={() => query.refetch()} />}
      <Table aria-label={tableLabel} data-testid={testId} aria-busy={query.isPending}>
        <Table.Thead>
          <Table.Tr>
            {headers.map((header) => (
              <Table.Th key={header}>{header}</Table.Th>
            ))}
            {canWrite && <Table.Th>Action</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {query.isPending ? (
            <SkeletonRows rows={2} columns={columns} />
          ) : (query.data ?? []).length === 0 ? (
            <Table.Tr>
              <Table.Td colSpan={columns}>
                <Text size="sm" c="dimmed">
                  {emptyText}
                </Text>
              </Table.Td>
            </Table.Tr>
          ) : (
            query.data?.map(row)
          )}
        </Table.Tbody>
      </Table>
      {canWrite && form}
    </Paper>
  );
}
