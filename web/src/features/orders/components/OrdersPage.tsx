import { Box, Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { RecordListHeader } from '@/features/record-page/components/RecordListHeader';
import { RecordSearchInput } from '@/features/record-table/components/RecordSearchInput';
import { RecordTable } from '@/features/record-table/components/RecordTable';
import { useUrlParams } from '@/features/record-table/hooks/useUrlParams';
import type { SortState } from '@/features/record-table/types';
import { useSites } from '@/features/sites/hooks/useSites';
import type { OrderListFilters, OrderStatus, OrderSummary } from '../api/types';
import { useOrderColumns } from '../hooks/useOrderColumns';
import { useOrders } from '../hooks/useOrders';
import { orderStatuses, orderStatusLabels } from '../lib/order-status';
import { placedRange } from '../lib/placed-range';

const isStatus = (value: string | null): value is OrderStatus =>
  value !== null && (orderStatuses as string[]).includes(value);

const statusOptions = orderStatuses.map((status) => ({ value: status, label: orderStatusLabels[status] }));

/**
 * Every order of the tenant, newest first: search by number or email, filter by site, status and
 * the days placed. The whole view is in the URL (`q`, `site`, `status`, `from`, `to`, `sort`).
 */
export function OrdersPage() {
  const navigate = useNavigate();
  const sites = useSites();
  const columns = useOrderColumns({ withCustomer: true });
  const [params, update] = useUrlParams();

  const q = params.get('q') ?? '';
  const siteId = params.get('site') ?? '';
  const statusParam = params.get('status');
  const status = isStatus(statusParam) ? statusParam : null;
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const oldestFirst = params.get('sort') === 'placedAt';
  const sort: SortState = { id: 'placedAt', desc: !oldestFirst };

  const filters = useMemo<OrderListFilters>(
    () => ({
      ...(q ? { q } : {}),
      ...(siteId ? { siteId } : {}),
      ...(status ? { status } : {}),
      ...placedRange(from, to),
      sort: oldestFirst ? 'placedAt' : '-placedAt',
    }),
    [q, siteId, status, from, to, oldestFirst],
  );
  const list = useOrders(filters);
  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.data), [list.data]);
  // The first page carries the filtered total (exact up to 10,000, else the server's estimate).
  const firstPage = list.data?.pages[0];
  const filtering = Boolean(q || siteId || status || from || to);
  const clearFilters = () => update({ q: null, site: null, status: null, from: null, to: null });

  return (
    <Stack gap="lg">
      <RecordListHeader
        title="Orders"
        noun="order"
        list={list}
        count={firstPage?.total ?? rows?.length}
        countIsLowerBound={firstPage?.total !== undefined ? firstPage.totalIsLowerBound : list.hasNextPage}
        countIsEstimate={firstPage?.totalIsEstimate}
        countTestId="orders-total"
      />

      <Paper withBorder radius="md" shadow="xs">
        <Group p="sm" gap="sm" align="flex-end" wrap="wrap" role="search" aria-label="Orders">
          <Box style={{ flex: '1 1 220px' }} maw={300}>
            <RecordSearchInput
              label="Search orders"
              placeholder="Order number, name or email"
              value={q}
              onChange={(value) => update({ q: value.trim() || null })}
            />
          </Box>
          <Select
            aria-label="Site"
            placeholder="All sites"
            data={(sites.data ?? []).map((site) => ({ value: site.id, label: site.name }))}
            value={siteId || null}
            onChange={(value) => update({ site: value })}
            clearable
            clearButtonProps={{ 'aria-label': 'Show every site' }}
            comboboxProps={{ withinPortal: true }}
            w={180}
          />
          <Select
            aria-label="Status"
            placeholder="Any status"
            data={statusOptions}
            value={status}
            onChange={(value) => update({ status: value })}
            clearable
            clearButtonProps={{ 'aria-label': 'Show every status' }}
            comboboxProps={{ withinPortal: true }}
            w={180}
          />
          {/* Wraps on a narrow screen, so the "to" date is never cut off. */}
          <Group gap={6} wrap="wrap" align="center">
            <Text size="sm" c="dimmed" aria-hidden="true">
              Placed
            </Text>
            <TextInput
              type="date"
              aria-label="Placed from"
              title="Placed from (first day)"
              value={from}
              max={to || undefined}
              onChange={(event) => update({ from: event.currentTarget.value || null })}
              w={150}
            />
            <Text size="sm" c="dimmed" aria-hidden="true">
              to
            </Text>
            <TextInput
              type="date"
              aria-label="Placed to"
              title="Placed to (last day, included)"
              value={to}
              min={from || undefined}
              onChange={(event) => update({ to: event.currentTarget.value || null })}
              w={150}
            />
          </Group>
          {filtering && (
            <Button variant="subtle" onClick={clearFilters}>
              Clear filters
            </Button>
          )}
        </Group>
        <RecordTable<OrderSummary>
          label="Orders"
          data-testid="orders-table"
          columns={columns}
          visibleColumnIds={columns.map((column) => column.id)}
          rows={rows}
          getRowId={(order) => order.id}
          getRowLabel={(order) => `order ${order.number}`}
          sort={sort}
          onSortChange={(next) => update({ sort: next.desc ? null : 'placedAt' })}
          onRowOpen={(order) => navigate(`/orders/${order.id}`)}
          isRefreshing={list.isPlaceholderData}
          loadFailed={list.isError}
          empty={
            <Stack align="center" gap="xs" py="xl">
              <Text size="sm" c="dimmed">
                {filtering ? 'No orders match these filters.' : 'No orders yet.'}
              </Text>
              {filtering && (
                <Button size="xs" variant="default" onClick={clearFilters}>
                  Clear filters
                </Button>
              )}
            </Stack>
          }
          hasMore={list.hasNextPage}
          isLoadingMore={list.isFetchingNextPage}
          onLoadMore={() => list.fetchNextPage()}
        />
      </Paper>
    </Stack>
  );
}
