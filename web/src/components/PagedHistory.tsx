import { Alert, Button, Center, Group, Loader, Paper, Table, Text, Title } from '@mantine/core';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { describeError } from '@/api/field-errors';
import { ScrollableTable } from '@/components/ScrollableTable';
import { SkeletonRows } from '@/components/SkeletonRows';

interface PagedHistoryProps<Row> {
  /** The list's infinite query: pages of `{data}` followed by "Load more". */
  query: UseInfiniteQueryResult<InfiniteData<{ data: Row[] }>>;
  /** The section's heading, its id (the section is labelled by it) and an optional line under it. */
  title: string;
  titleId: string;
  subtitle?: string;
  /** The table's accessible name, test id and the width below which it scrolls sideways. */
  label: string;
  testId: string;
  minWidth: number;
  /** The header cells, in order; their number spans the loading, error and empty rows. */
  headers: ReactNode[];
  /** What an empty list says. */
  empty: string;
  row: (row: Row) => ReactNode;
}

/**
 * A history section of a record page (store credit, consent): its table with skeleton rows while
 * the first page loads, the error or the empty message in one full-width row, and "Load more".
 */
export function PagedHistory<Row>(props: PagedHistoryProps<Row>) {
  const { query, headers } = props;
  const rows = query.data?.pages.flatMap((page) => page.data);
  const fullRow = (content: ReactNode) => (
    <Table.Tr>
      <Table.Td colSpan={headers.length}>{content}</Table.Td>
    </Table.Tr>
  );

  let body: ReactNode;
  if (query.isError && !rows) {
    const { title, message } = describeError(query.error);
    body = fullRow(
      <Alert color="red" title={title} my="sm">
        {message}
      </Alert>,
    );
  } else if (!rows) {
    body = <SkeletonRows rows={3} columns={headers.length} />;
  } else if (rows.length === 0) {
    body = fullRow(
      <Text size="sm" c="dimmed" ta="center" py="md">
        {props.empty}
      </Text>,
    );
  } else {
    body = rows.map(props.row);
  }

  return (
    <Paper withBorder radius="md" p="lg" shadow="xs" component="section" aria-labelledby={props.titleId}>
      <Group justify="space-between" mb="md">
        <div>
          <Title order={2} size="h4" id={props.titleId}>
            {props.title}
          </Title>
          {props.subtitle && (
            <Text size="sm" c="dimmed">
              {props.subtitle}
            </Text>
          )}
        </div>
        {query.isFetching && rows && <Loader size={14} aria-hidden="true" />}
      </Group>
      <ScrollableTable label={props.label} minWidth={props.minWidth}>
        <Table aria-label={props.label} data-testid={props.testId} aria-busy={query.isFetching}>
          <Table.Thead>
            <Table.Tr>{headers}</Table.Tr>
          </Table.Thead>
          <Table.Tbody>{body}</Table.Tbody>
        </Table>
      </ScrollableTable>
      {query.hasNextPage && (
        <Center pt="md">
          <Button
            variant="default"
            size="xs"
            onClick={() => query.fetchNextPage()}
            loading={query.isFetchingNextPage}
          >
            Load more
          </Button>
        </Center>
      )}
    </Paper>
  );
}
