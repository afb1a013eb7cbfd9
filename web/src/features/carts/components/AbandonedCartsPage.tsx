import { Group, Loader, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { type ReactNode, useMemo } from 'react';
import { LoadErrorAlert } from '@/components/LoadErrorAlert';
import { RecordTable } from '@/features/record-table/components/RecordTable';
import { useUrlParams } from '@/features/record-table/hooks/useUrlParams';
import { formatSort, parseSort, type SortState } from '@/features/record-table/types';
import { useSites } from '@/features/sites/hooks/useSites';
import { formatTotal } from '@/lib/format';
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
  useDocumentTitle('Abandoned carts · Clientele');
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

  let summary: string;
  if (list.isPending) summary = 'Loading carts…';
  else if (list.isError) summary = 'Carts could not be loaded';
  else summary = formatTotal(rows?.length ?? 0, 'abandoned cart', list.hasNextPage);

  const blocked: ReactNode =
    list.isError && !rows ? <LoadErrorAlert error={list.error} onRetry={() => list.refetch()} /> : null;

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>Abandoned carts</Title>
        <Group gap="xs" mih={24}>
          <Text size="sm" c="dimmed" role="status" data-testid="abandoned-total">
            {summary}
          </Text>
          {list.isFetching && !list.isPending && <Loader size={14} aria-hidden="true" />}
        </Group>
        <Text size="sm" c="dimmed">
          A cart is abandoned when it has lines, no order, and no activity for its site’s abandonment window
          (a site setting).
        </Text>
      </div>
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
          blocked={blocked}
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
