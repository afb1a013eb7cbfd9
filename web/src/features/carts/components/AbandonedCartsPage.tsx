import { Group, Paper, Select, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import { RecordListHeader } from '@/features/record-page/components/RecordListHeader';
import { RecordTable } from '@/features/record-table/components/RecordTable';
import { useUrlParams } from '@/features/record-table/hooks/useUrlParams';
import { formatSort, parseSort, type SortState } from '@/features/record-table/types';
import { useSites } from '@/features/sites/hooks/useSites';
import type { AbandonedCart } from '../api/types';
import { useAbandonedCartColumns } from '../hooks/useAbandonedCartColumns';
import { useAbandonedCarts } from '../hooks/useAbandonedCarts';

const DEFAULT_SORT: SortState = { id: 'lastActivityAt', desc: true };
const SORT_FIELDS = ['lastActivityAt', 'value'];

/**
 * Carts with lines, no order and no activity for their site's abandonment window, across every
 * site: most recently abandoned first (the ones a store can still win back), or by value. The
 * site and sort are in the URL (`site`, `sort`).
 */
export function AbandonedCartsPage() {
  const sites = useSites();
  const columns = useAbandonedCartColumns();
  const [params, update] = useUrlParams();
  const siteId = params.get('site') ?? '';
  const parsed = parseSort(params.get('sort'));
  const sort = parsed && SORT_FIELDS.includes(parsed.id) ? parsed : DEFAULT_SORT;
  const sortParam = formatSort(sort);
  const filters = useMemo(() => ({ ...(siteId ? { siteId } : {}), sort: sortParam }), [siteId, sortParam]);
  const list = useAbandonedCarts(filters);
  const rows = useMemo(() => list.data?.pages.flatMap((page) => page.data), [list.data]);

  return (
    <Stack gap="lg">
      <RecordListHeader
        title="Abandoned carts"
        noun="abandoned cart"
        list={list}
        count={rows?.length}
        countIsLowerBound={list.hasNextPage}
        countTestId="abandoned-total"
        description="A cart is abandoned when it has lines, no order, and no activity for its site’s abandonment window (a site setting)."
      />
      <Paper withBorder radius="md" shadow="xs">
        <Group p="sm" gap="sm" role="search" aria-label="Abandoned carts">
          <Select
            aria-label="Site"
            placeholder="All sites"
            data={(sites.data ?? []).map((site) => ({ value: site.id, label: site.name }))}
            value={siteId || null}
            onChange={(value) => update({ site: value })}
            clearable
            clearButtonProps={{ 'aria-label': 'Show every site' }}
            comboboxProps={{ withinPortal: true }}
            w={220}
          />
        </Group>
        <RecordTable<AbandonedCart>
          label="Abandoned carts"
          data-testid="abandoned-carts-table"
          columns={columns}
          visibleColumnIds={columns.map((column) => column.id)}
          rows={rows}
          getRowId={(cart) => cart.id}
          getRowLabel={(cart) => `cart ${cart.id}`}
          sort={sort}
          onSortChange={(next) =>
            update({ sort: next.id === DEFAULT_SORT.id && next.desc ? null : formatSort(next) })
          }
          isRefreshing={list.isPlaceholderData}
          loadFailed={list.isError}
          empty={
            <Text size="sm" c="dimmed" ta="center" py="xl">
              {siteId ? 'No abandoned carts on this site.' : 'No abandoned carts.'}
            </Text>
          }
          hasMore={list.hasNextPage}
          isLoadingMore={list.isFetchingNextPage}
          onLoadMore={() => list.fetchNextPage()}
        />
      </Paper>
    </Stack>
  );
}
