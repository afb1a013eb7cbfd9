import { Alert, Paper, Stack, Text } from '@mantine/core';
import { type ReactNode, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { describeError } from '@/api/field-errors';
import { RecordTable } from '@/features/record-table/components/RecordTable';
import type { SortState } from '@/features/record-table/types';
import type { OrderSummary } from '../api/types';
import { useCustomerOrders } from '../hooks/useCustomerOrders';
import { useOrderColumns } from '../hooks/useOrderColumns';

/** The customer's orders on every site, newest first; a row opens the order. */
export function CustomerOrdersTab({ customerId }: { customerId: string }) {
  const navigate = useNavigate();
  const columns = useOrderColumns({ withCustomer: false });
  const [sort, setSort] = useState<SortState>({ id: 'placedAt', desc: true });
  const orders = useCustomerOrders(customerId, sort.desc ? '-placedAt' : 'placedAt');
  const rows = useMemo(() => orders.data?.pages.flatMap((page) => page.data), [orders.data]);

  let blocked: ReactNode = null;
  if (orders.isError && !rows) {
    const { title, message } = describeError(orders.error);
    blocked = (
      <Alert color="red" title={title} my="sm">
        {message}
      </Alert>
    );
  }

  return (
    <Paper withBorder radius="md" shadow="xs">
      <RecordTable<OrderSummary>
        label="Orders of this customer"
        data-testid="customer-orders-table"
        columns={columns}
        visibleColumnIds={columns.map((column) => column.id)}
        rows={rows}
        getRowId={(order) => order.id}
        getRowLabel={(order) => `order ${order.number}`}
        sort={sort}
        onSortChange={setSort}
        onRowOpen={(order) => navigate(`/orders/${order.id}`)}
        isRefreshing={orders.isPlaceholderData}
        blocked={blocked}
        skeletonRows={3}
        empty={
          <Stack align="center" py="xl">
            <Text size="sm" c="dimmed">
              No orders yet.
            </Text>
          </Stack>
        }
        hasMore={orders.hasNextPage}
        isLoadingMore={orders.isFetchingNextPage}
        onLoadMore={() => orders.fetchNextPage()}
      />
    </Paper>
  );
}
