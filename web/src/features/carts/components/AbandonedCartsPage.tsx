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

/** Every ISO 4217 currency with its name ("EUR · Euro"), built once. */
let currencyOptions: { value: string; label: string }[] | null = null;
function currencies() {
  if (!currencyOptions) {
    const names = new Intl.DisplayNames(undefined, { type: 'currency' });
    currencyOptions = Intl.supportedValuesOf('currency').map((code) => ({
      value: code,
      label: `${code} · ${names.of(code) ?? code}`,
    }));
  }
  return currencyOptions;
}

/**
 * Carts with lines, no order and no activity for their site's abandonment window, across every
 * site: most recently abandoned first (the ones a store can still win back), or by value. Values
 * in different currencies are never ranked against each other: without a chosen currency the API
 * sorts by currency first, and the page says so. The site, currency and sort are in the URL
 * (`site`, `currency`, `sort`).
 */
export function AbandonedCartsPage() {
  const sites = useSites();
  const columns = useAbandonedCartColumns();
  const [params, update] = useUrlParams();
  const siteId = params.get('site') ?? '';
  const currency = params.get('currency') ?? '';
  const parsed = parseSort(params.get('sort'));
  const sort = parsed && SORT_FIELDS.includes(parsed.id) ? parsed : DEFAULT_SORT;
  const sortParam = formatSort(sort);
  const filters = useMemo(
    () => ({ ...(siteId ? { siteId } : {}), ...(currency ? { currency } : {}), sort: sortParam }),
    [siteId, currency, sortParam],
  );
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
          <Select
            aria-label="Currency"
            aria-describedby={sort.id === 'value' && !currency ? 'abandoned-value-hint' : undefined}
            placeholder="All currencies"
            data={currencies()}
            value={currency || null}
            onChange={(value) => update({ currency: value })}
            searchable
            clearable
            clearButtonProps={{ 'aria-label': 'Show every currency' }}
            comboboxProps={{ withinPortal: true }}
            w={220}
          />
          {sort.id === 'value' && !currency ? (
            <Text id="abandoned-value-hint" size="sm" c="dimmed">
              Sorted by currency, then value. Choose a currency to rank values alone.
            </Text>
          ) : null}
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
              {siteId || currency ? 'No abandoned carts match the site and currency.' : 'No abandoned carts.'}
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
